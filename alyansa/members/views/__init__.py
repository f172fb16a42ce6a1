"""Pages of the member registry, one module per subject. Views read through selectors and write
through services. urls.py names them from here."""

from alyansa.members.views.applications import (
    application_decide,
    apply,
    apply_confirm,
    apply_sent,
    review_queue,
)
from alyansa.members.views.chapters import (
    chapter,
    chapter_edit,
    chapter_members,
    chapter_new,
    chapters,
)
from alyansa.members.views.directory import PAGE_SIZE, directory, nationalities, organization
from alyansa.members.views.numbers import growth_svg, statistics, statistics_csv
from alyansa.members.views.organizations import (
    coordinator_add,
    coordinator_remove_view,
    membership_step,
    mine,
    organization_edit,
    organization_manage,
    person_add,
    person_download,
    person_erase_view,
)
from alyansa.members.views.registry_files import (
    PREVIEW_ERRORS_PAGE,
    PREVIEW_PAGE,
    export,
    import_members,
    import_preview,
    import_report,
)

__all__ = [
    "PAGE_SIZE",
    "PREVIEW_ERRORS_PAGE",
    "PREVIEW_PAGE",
    "application_decide",
    "apply",
    "apply_confirm",
    "apply_sent",
    "chapter",
    "chapter_edit",
    "chapter_members",
    "chapter_new",
    "chapters",
    "coordinator_add",
    "coordinator_remove_view",
    "directory",
    "export",
    "growth_svg",
    "import_members",
    "import_preview",
    "import_report",
    "membership_step",
    "mine",
    "nationalities",
    "organization",
    "organization_edit",
    "organization_manage",
    "person_add",
    "person_download",
    "person_erase_view",
    "review_queue",
    "statistics",
    "statistics_csv",
]
