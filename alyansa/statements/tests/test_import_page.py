"""The secretariat imports an old site's statements from the web: upload, check, confirm."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_revoke
from alyansa.audit.models import AuditEvent
from alyansa.portal.services import maintenance_run
from alyansa.statements import importing, services, uploads
from alyansa.statements.models import ImportJob, ImportProblem, LegacyRedirect, Statement, Topic
from alyansa.statements.services import import_job_run
from alyansa.statements.testing import make_import_job
from alyansa.statements.tests.test_importing import WXR
from conftest import client_for

pytestmark = pytest.mark.django_db
Status = ImportJob.Status


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "data"


def upload(client, *files, language="en", captured=None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("statements:import"), {"files": list(files), "default_language": language}
    )


def wxr_file(text: str = WXR) -> SimpleUploadedFile:
    return SimpleUploadedFile("export.xml", text.encode(), content_type="text/xml")


def markdown(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/markdown")


DAY = "---\ntitle: Migrants Day\ndate: 2021-12-18\ntopics: [Rights]\n---\nWe **stand**.\n"
DAY_AR = (
    "---\ntitle: يوم المهاجرين\ndate: 2021-12-18\nlanguage: ar\ntranslation_of: day\n---\nنقف.\n"
)
BROKEN = "---\ndate: 2021-01-01\n---\nno title\n"


def checked_job(secretariat, django_capture_on_commit_callbacks, *files):  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, *(files or [wxr_file()]))
    assert response.status_code == 302, response.content
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    return client, job


def test_an_upload_is_checked_first_and_nothing_is_saved(
    secretariat, django_capture_on_commit_callbacks
):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == Status.CHECKED and job.kind == ImportJob.Kind.WXR
    report = job.check_report
    assert (report["statements"], report["translations"], report["redirects"]) == (2, 1, 3)
    assert report["skipped"] == 1
    assert report["new_topics"] == [["labour-rights", "Labour rights"]]
    assert list(job.problems.values_list("message", flat=True)) == [
        "it has no title",
        "its date cannot be read",
    ]
    # The dry run saved nothing: no statement, no topic, no redirect.
    assert not Statement.objects.exists() and not Topic.objects.exists()
    assert not LegacyRedirect.objects.exists()
    # The file waits on disk, under the data folder, for the confirmation.
    assert (uploads.imports_root() / job.folder / "export.xml").read_text() == WXR
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 statements would be created" in page
    assert "Labour rights" in page and "its date cannot be read" in page
    assert "/2019/05/01/may-day/" in page and "/statements/may-day/en/" in page
    assert "Import now" in page


def test_confirming_imports_in_the_background_and_shows_the_outcome(
    secretariat, django_capture_on_commit_callbacks
):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("statements:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Status.DONE and job.confirmed_by == secretariat
    assert (job.statements, job.translations, job.redirects, job.skipped) == (2, 1, 3, 1)
    assert job.new_topics == [["labour-rights", "Labour rights"]]
    may_day = Statement.objects.get(slug="may-day")
    assert may_day.is_public()
    assert sorted(may_day.translations.values_list("language", flat=True)) == ["ar", "en"]
    assert job.problems.filter(phase=ImportProblem.Phase.RUN).count() == 2
    # The upload is deleted once imported; the report stays.
    assert not (uploads.imports_root() / job.folder).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 statements created" in page and "1 translation added" in page
    actions = set(AuditEvent.objects.for_object(job).values_list("action", flat=True))
    assert {"statement.import_upload", "statement.import_check", "statement.import_confirm"} <= (
        actions
    )
    assert "statement.import_finish" in actions


def test_confirming_twice_imports_once(secretariat, django_capture_on_commit_callbacks):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_confirm", args=[job.pk]))
        client.post(reverse("statements:import_confirm", args=[job.pk]))
    assert Statement.objects.count() == 2
    assert AuditEvent.objects.filter(action="statement.import_confirm").count() == 1


def test_an_import_that_stopped_halfway_goes_on_without_importing_anything_twice(
    secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    real_read = importing.read_wxr

    def reads_three_items_then_the_worker_dies(*args, **kwargs):  # type: ignore[no-untyped-def]
        for position, item in enumerate(real_read(*args, **kwargs), 1):
            if position == 4:
                raise RuntimeError("the worker was killed")
            yield item

    # A crash, not a spy: the reader of the export dies after three items, whichever service
    # reads it; what is asserted is what the job and the archive show afterwards.
    monkeypatch.setattr(importing, "read_wxr", reads_three_items_then_the_worker_dies)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.FAILED and "killed" in job.error
    assert (job.position, job.statements, job.skipped) == (3, 1, 1)
    assert Statement.objects.count() == 1
    assert "Start again" in client.get(job.get_absolute_url()).content.decode()

    monkeypatch.setattr(importing, "read_wxr", real_read)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_resume", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert (job.statements, job.translations, job.redirects, job.skipped) == (2, 1, 3, 1)
    # The Arabic post, read after the restart, still joined the statement made before it.
    assert Statement.objects.count() == 2
    assert sorted(
        Statement.objects.get(slug="may-day").translations.values_list("language", flat=True)
    ) == ["ar", "en"]
    assert job.problems.filter(phase=ImportProblem.Phase.RUN).count() == 2


def test_a_task_of_an_older_attempt_does_nothing(secretariat, django_capture_on_commit_callbacks):
    _client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    services.import_job_confirm(job=job, acting_user=secretariat)  # its task is not run here
    import_job_run.call(job_id=job.pk, attempt=job.attempt)  # the check's attempt: stale
    assert not Statement.objects.exists()


def test_a_zip_of_markdown_files(secretariat, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("site/day.md", DAY)
        archive.writestr("site/day-ar.md", DAY_AR)
        archive.writestr("site/broken.md", BROKEN)
        archive.writestr("__MACOSX/site/._day.md", "junk")
        archive.writestr("site/picture.jpg", "not markdown")
    zipped = SimpleUploadedFile("posts.zip", buffer.getvalue(), content_type="application/zip")
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks, zipped)
    job.refresh_from_db()
    assert job.kind == ImportJob.Kind.MARKDOWN
    assert (job.check_report["statements"], job.check_report["translations"]) == (1, 1)
    assert list(job.problems.values_list("where", "message")) == [
        ("site/broken.md", "it has no title in its front matter")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_confirm", args=[job.pk]))
    statement = Statement.objects.get(slug="day")
    assert sorted(statement.translations.values_list("language", flat=True)) == ["ar", "en"]


def test_several_markdown_files_at_once(secretariat, django_capture_on_commit_callbacks):
    _client, job = checked_job(
        secretariat,
        django_capture_on_commit_callbacks,
        markdown("day-ar.md", DAY_AR),
        markdown("day.md", DAY),
    )
    job.refresh_from_db()
    assert (job.check_report["statements"], job.check_report["translations"]) == (1, 1)
    assert sorted(p.name for p in (uploads.imports_root() / job.folder / "markdown").iterdir()) == [
        "day-ar.md",
        "day.md",
    ]


def test_other_files_are_refused_with_a_message(secretariat):
    client = client_for(secretariat)
    response = upload(client, SimpleUploadedFile("list.csv", b"a,b\n"))
    assert response.status_code == 200
    assert "Upload a WordPress export (.xml)" in response.content.decode()
    response = upload(client, SimpleUploadedFile("posts.zip", b"not a zip"))
    assert "This .zip file cannot be opened." in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not any(uploads.imports_root().glob("*/*"))


def test_a_file_over_the_limit_is_not_kept(secretariat, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    response = upload(client_for(secretariat), wxr_file())
    assert response.status_code == 200
    assert "The upload is larger than" in response.content.decode()
    assert not ImportJob.objects.exists()


class ArrivingBody(io.BytesIO):
    """A request body read by the server as it arrives; notes how much of the upload was
    already on disk, under the data folder, when the last part arrived."""

    def __init__(self, body: bytes, folder: Path) -> None:
        super().__init__(body)
        self.folder = folder
        self.on_disk_before_the_end: int | None = None

    def read(self, size: int | None = -1) -> bytes:
        if self.on_disk_before_the_end is None and self.tell() + (size or 0) >= len(
            self.getvalue()
        ):
            files = self.folder.glob("*") if self.folder.exists() else []
            self.on_disk_before_the_end = sum(path.stat().st_size for path in files)
        return super().read(size)


def test_the_upload_is_written_to_the_data_folder_as_it_arrives_not_kept_in_memory(
    secretariat, settings
):
    """Django keeps an upload under FILE_UPLOAD_MAX_MEMORY_SIZE in memory; this page writes
    every upload to disk under the data folder while it arrives."""
    export = WXR.replace("</channel>", "<!--" + "x" * 1_000_000 + "--></channel>").encode()
    assert len(export) < settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    body = encode_multipart(
        BOUNDARY,
        {
            "files": SimpleUploadedFile("export.xml", export, "text/xml"),
            "default_language": "en",
        },
    )
    arriving = ArrivingBody(body, uploads.imports_root() / "tmp")
    client = client_for(secretariat)
    environ = {
        **client._base_environ(),
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("statements:import"),
        "CONTENT_TYPE": MULTIPART_CONTENT,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": arriving,
    }
    response = client.handler(environ)
    assert response.status_code == 302
    assert arriving.on_disk_before_the_end and arriving.on_disk_before_the_end > 900_000
    job = ImportJob.objects.get()
    assert uploads.source_path(job.folder).read_bytes() == export
    assert not any((uploads.imports_root() / "tmp").iterdir())  # no copy left behind


def test_the_upload_needs_the_csrf_token(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post(
        reverse("statements:import"), {"files": [wxr_file()], "default_language": "en"}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_officers_and_coordinators_cannot_import(officer, coordinator_of):
    for user in (officer, coordinator_of):
        response = upload(client_for(user), wxr_file())
        assert response.status_code in (403, 404)
    assert not ImportJob.objects.exists()
    assert not any(uploads.imports_root().glob("*/*.xml"))


def test_only_the_secretariat_sees_an_upload(
    secretariat, officer, django_capture_on_commit_callbacks
):
    _client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    assert client_for(officer).get(job.get_absolute_url()).status_code in (403, 404)
    response = client_for(officer).post(reverse("statements:import_confirm", args=[job.pk]))
    assert response.status_code in (403, 404)
    job.refresh_from_db()
    assert job.status == Status.CHECKED


def test_discarding_deletes_the_upload(secretariat, django_capture_on_commit_callbacks):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_discard", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.DISCARDED
    assert not (uploads.imports_root() / job.folder).exists()
    response = client.post(reverse("statements:import_confirm", args=[job.pk]), follow=True)
    assert "Only a file that has been checked can be imported." in response.content.decode()
    assert not Statement.objects.exists()


def test_a_check_nobody_hears_from_can_be_started_again(
    secretariat, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    upload(client, wxr_file())  # the check's task is never run: the worker is down
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "Start again" not in page
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at.replace(year=2000))
    page = client.get(job.get_absolute_url()).content.decode()
    assert "alyansa worker" in page and "Start again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("statements:import_resume", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.CHECKED


def test_uploads_left_unconfirmed_are_forgotten_after_a_week(
    secretariat, django_capture_on_commit_callbacks
):
    _client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.import_jobs_forget_stale() == 1
    job.refresh_from_db()
    assert job.status == Status.DISCARDED
    assert not (uploads.imports_root() / job.folder).exists()


def test_the_import_page_lists_uploads_in_a_fixed_number_of_queries(
    secretariat, django_assert_max_num_queries
):
    for _number in range(25):
        make_import_job(created_by=secretariat)
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("statements:import"))
    assert response.status_code == 200
    assert response.content.decode().count("export-") == 20  # one page


def test_the_hourly_maintenance_forgets_stale_uploads(
    secretariat, django_capture_on_commit_callbacks
):
    _client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        assert maintenance_run()["stale_statement_imports_discarded"] == 1
    assert not (uploads.imports_root() / job.folder).exists()


def test_an_import_whose_confirmer_has_left_the_secretariat_stops_and_says_why(
    secretariat, django_capture_on_commit_callbacks
):
    client, job = checked_job(secretariat, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("statements:import_confirm", args=[job.pk]))
    role_revoke(user=secretariat, role=Role.SECRETARIAT)
    for run in queued:  # the import's task, run once the role is gone
        run()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "The person who started it may no longer import statements."
    assert not Statement.objects.exists()
