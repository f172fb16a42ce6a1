"""Every change to statements, their translations, endorsements, topics and imports: one module
per subject, each function one transaction with one audit row. Callers import from here.

Services refuse by a rule with StatementRuleError; who may call them is checked before, by the
views, the API routes and the import tasks."""

from alyansa.statements.errors import StatementRuleError
from alyansa.statements.services.endorsements import (
    ENDORSEMENT_CONFIRM_DAYS,
    UNNAMEABLE_ENDORSEMENT,
    endorsement_by_coordinator,
    endorsement_confirm,
    endorsement_confirmation_token,
    endorsement_forget_unconfirmed,
    endorsement_moderate,
    endorsement_names_unnameable,
    endorsement_record,
    endorsement_submit,
    normalize_organization_name,
    send_endorsement_confirmation,
)
from alyansa.statements.services.images import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_SIDE,
    reencode_image,
    statement_image_upload,
)
from alyansa.statements.services.import_jobs import (
    IMPORT_KEEP_DAYS,
    import_job_check,
    import_job_checked,
    import_job_confirm,
    import_job_create,
    import_job_discard,
    import_job_fail,
    import_job_finish,
    import_job_item_done,
    import_job_progress,
    import_job_resume,
    import_job_run,
    import_jobs_forget_stale,
)
from alyansa.statements.services.import_run import ImportStopped, import_file, run_import
from alyansa.statements.services.pages import (
    FACETS_CACHE_KEY,
    PAGE_CACHE_SECONDS,
    page_cache_key,
    statement_page_forget,
)
from alyansa.statements.services.search import SEARCH_INDEX, search_index_rebuild
from alyansa.statements.services.statements import (
    RESERVED_SLUGS,
    legacy_redirect_add,
    printed_details,
    statement_create,
    statement_import,
    statement_translation_save,
    statement_update,
)
from alyansa.statements.services.topics import (
    occasion_create,
    occasion_update,
    topic_create,
    topic_update,
)
from alyansa.statements.services.workflow import (
    statement_approve,
    statement_publish,
    statement_return_to_draft,
    statement_submit,
    statement_withdraw,
)

__all__ = [
    "ENDORSEMENT_CONFIRM_DAYS",
    "FACETS_CACHE_KEY",
    "IMPORT_KEEP_DAYS",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_SIDE",
    "PAGE_CACHE_SECONDS",
    "RESERVED_SLUGS",
    "SEARCH_INDEX",
    "UNNAMEABLE_ENDORSEMENT",
    "ImportStopped",
    "StatementRuleError",
    "endorsement_by_coordinator",
    "endorsement_confirm",
    "endorsement_confirmation_token",
    "endorsement_forget_unconfirmed",
    "endorsement_moderate",
    "endorsement_names_unnameable",
    "endorsement_record",
    "endorsement_submit",
    "import_file",
    "import_job_check",
    "import_job_checked",
    "import_job_confirm",
    "import_job_create",
    "import_job_discard",
    "import_job_fail",
    "import_job_finish",
    "import_job_item_done",
    "import_job_progress",
    "import_job_resume",
    "import_job_run",
    "import_jobs_forget_stale",
    "legacy_redirect_add",
    "normalize_organization_name",
    "occasion_create",
    "occasion_update",
    "page_cache_key",
    "printed_details",
    "reencode_image",
    "run_import",
    "search_index_rebuild",
    "send_endorsement_confirmation",
    "statement_approve",
    "statement_create",
    "statement_image_upload",
    "statement_import",
    "statement_page_forget",
    "statement_publish",
    "statement_return_to_draft",
    "statement_submit",
    "statement_translation_save",
    "statement_update",
    "statement_withdraw",
    "topic_create",
    "topic_update",
]
