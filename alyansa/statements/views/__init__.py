"""Statement pages: the public archive and statement pages, sign-on, and the staff workspace,
one module per subject. Views only read the request, call a selector or a service, and
render. urls.py reads them from here."""

from alyansa.statements.views.archive import (
    archive,
    detail,
    detail_language,
    endorsers,
    legacy_redirect,
)
from alyansa.statements.views.endorsements import (
    endorse,
    endorse_confirm,
    endorse_member,
    moderate,
    moderation,
)
from alyansa.statements.views.imports import (
    import_confirm,
    import_discard,
    import_job,
    import_resume,
    import_start,
)
from alyansa.statements.views.named import NAMED_PAGES, named_edit, named_list
from alyansa.statements.views.workspace import (
    approve,
    create,
    details,
    edit,
    image_upload,
    manage,
    publish,
    return_to_draft,
    submit,
    versions,
    withdraw,
    workflow,
)

__all__ = [
    "NAMED_PAGES",
    "approve",
    "archive",
    "create",
    "detail",
    "detail_language",
    "details",
    "edit",
    "endorse",
    "endorse_confirm",
    "endorse_member",
    "endorsers",
    "image_upload",
    "import_confirm",
    "import_discard",
    "import_job",
    "import_resume",
    "import_start",
    "legacy_redirect",
    "manage",
    "moderate",
    "moderation",
    "named_edit",
    "named_list",
    "publish",
    "return_to_draft",
    "submit",
    "versions",
    "withdraw",
    "workflow",
]
