"""Security headers on every answer (pages, API, downloads), set by flask-talisman.

A strict Content-Security-Policy: scripts, styles, images and forms from this origin only,
no inline script or style (templates load app/web/static/*.js and app.css), no plugins, no
framing (`frame-ancestors 'none'` and X-Frame-Options: DENY). Plus X-Content-Type-Options:
nosniff, Referrer-Policy: same-origin and Strict-Transport-Security on HTTPS answers. HTTPS
itself is the reverse proxy's job (see README, Production), so nothing is redirected here.
"""

from flask import Flask
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    secure = bool(app.config["COOKIE_SECURE"])
    Talisman(
        app,
        force_https=False,
        frame_options="DENY",
        content_security_policy=CSP,
        referrer_policy="same-origin",
        session_cookie_secure=secure,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        x_content_type_options=True,
    )
