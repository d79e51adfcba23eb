"""Request and response shapes of the import and export endpoints (in the OpenAPI document)."""

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, fields

from app.models import EntryKind
from app.schemas import YEARS, ReportHeadOut, ReportPeriodOut, ReportRowOut, Unit
from app.schemas.danish import DanishSchema, OneOf
from app.schemas.sign_offs import PackageSignOffOut
from app.services.import_files import FORMATS as IMPORT_FORMATS
from reports.exports import COUNCIL_FORMATS, LBF_FORMATS

Kind = fields.String(
    load_default=EntryKind.BUDGET.value, validate=OneOf([k.value for k in EntryKind])
)


class ImportUpload(DanishSchema):
    """One multipart/form-data body: the file and the fields that say how to read it."""

    class Meta:
        unknown = EXCLUDE

    file = Upload(required=True, metadata={"description": "CSV (UTF-8, ; or ,) or XLSX"})
    format = fields.String(
        load_default=None,
        allow_none=True,
        validate=OneOf(IMPORT_FORMATS),
        metadata={"description": "Default: from the file name (.xlsx → xlsx, else csv)."},
    )
    commit = fields.Boolean(
        load_default=False, metadata={"description": "Book the rows; false = dry run."}
    )
    correct = fields.Boolean(
        load_default=False,
        metadata={
            "description": "A row whose key is booked with another amount corrects that entry "
            "(reversal + replacement); false = such a row is an error."
        },
    )
    map = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "SOURCE=FIELD pairs, e.g. Beløb=amount (repeat the field)."},
    )


class ImportErrorOut(DanishSchema):
    row = fields.Integer(metadata={"description": "Spreadsheet row; the header is row 1."})
    column = fields.String()
    message = fields.String()


class ImportResultOut(DanishSchema):
    rows_read = fields.Integer()
    rows_valid = fields.Integer(metadata={"description": "Rows that would be/were booked."})
    rows_booked = fields.Integer()
    rows_skipped = fields.Integer(metadata={"description": "Already imported (same key)."})
    rows_corrected = fields.Integer(
        metadata={"description": "Booked with another amount and corrected (correct=true)."}
    )
    committed = fields.Boolean()
    error_count = fields.Integer()
    errors = fields.List(
        fields.Nested(ImportErrorOut), metadata={"description": "The first 1000 errors."}
    )


class ExportTableOut(DanishSchema):
    title = fields.String()
    section = fields.String(metadata={"description": "Section (the LBF package's sheet)."})
    label_header = fields.String()
    columns = fields.List(fields.String())
    column_units = fields.List(
        fields.String(),
        metadata={
            "description": 'Per column: "kr." (values_ore), "t" (hours), "fte" (årsværk) or '
            '"%" (per cent, one decimal), the last three in quantities'
        },
    )
    rows = fields.List(fields.Nested(ReportRowOut))
    total = fields.Nested(ReportRowOut, allow_none=True)


class LbfPackageQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    year = fields.Integer(required=True, validate=YEARS)
    unit = Unit
    format = fields.String(load_default="json", validate=OneOf(LBF_FORMATS))


class LbfPackageOut(ReportHeadOut):
    year = fields.Integer()
    has_actuals = fields.Boolean(metadata={"description": "Any accounts booked for the year."})
    kontroltal = fields.String(
        allow_none=True,
        metadata={"description": "closed year: the code of sections 1 and 2 (README recipe)"},
    )
    sign_off = fields.Nested(
        PackageSignOffOut, allow_none=True, metadata={"description": "the current one, if any"}
    )
    tables = fields.List(fields.Nested(ExportTableOut))


class CouncilQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    kind = Kind
    unit = Unit
    format = fields.String(load_default="json", validate=OneOf(COUNCIL_FORMATS))


class MunicipalityOut(DanishSchema):
    id = fields.Integer()
    name = fields.String()


class CouncilOut(DanishSchema):
    title = fields.String()
    subtitle = fields.String()
    municipality = fields.Nested(MunicipalityOut)
    kind = fields.String()
    plans = fields.List(fields.String(), metadata={"description": "Slugs of the plans."})
    period = fields.Nested(ReportPeriodOut)
    generated_at = fields.String()
    tables = fields.List(fields.Nested(ExportTableOut))
    notes = fields.List(fields.String())


class EntriesExportQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    format = fields.String(load_default="csv", validate=OneOf(IMPORT_FORMATS))
