"""Documents filed with a matter: checked by size and content, kept as files outside the database, and,
when secret under OSL, seen only by those who handle the matter — to everyone else they do not exist."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from tests.bases import ALL_ROLES, CreatePageTests, DetailPageTests, ResourceTests
from tests.factories import PDF_BYTES, DocumentFactory, EngagementFactory

from omvarld.accounts.models import Role
from omvarld.accounts.permissions import restrict
from omvarld.audit.models import AuditEntry
from omvarld.core.errors import ApplicationError
from omvarld.core.permissions import Action
from omvarld.engagements.models import Document
from omvarld.engagements.services import document_file, secrecy_ground
from omvarld.organisation.models import Unit

HANDLERS = frozenset({Role.OFFICER, Role.SECRETARY, Role.COORDINATOR})
WORKERS = HANDLERS | {Role.ADMINISTRATOR}


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _pdf(name: str = "program.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The shared checks, for an open and a secret document ---


class DocumentResource(ResourceTests):
    model = Document
    unit_field = "engagement__unit"
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})

    def row_text(self, obj: models.Model) -> str:
        return PDF_BYTES.decode()


class TestOpenDocumentDownloads(DetailPageTests, DocumentResource):
    """An open document is seen by everyone who sees its matter; to a user without a role, who sees no
    matter, it does not exist."""

    allowed: ClassVar = {Action.VIEW: ALL_ROLES, Action.CREATE: WORKERS}
    refusal_hides = True


class TestSecretDocumentDownloads(DetailPageTests, DocumentResource):
    """A secret document is seen only by those who handle the matter; to a reader or an administrator it
    does not exist."""

    allowed: ClassVar = {Action.VIEW: HANDLERS, Action.CREATE: HANDLERS}
    refusal_hides = True

    def make(self, unit: Unit) -> models.Model:
        return DocumentFactory(engagement__unit=unit, secret=True, secrecy_ground="15 kap. 1 §")


class TestFilingPage(CreatePageTests, DocumentResource):
    allowed: ClassVar = {Action.VIEW: ALL_ROLES, Action.CREATE: WORKERS}
    invalid_message = "Filer av den här typen kan inte diarieföras"

    @pytest.fixture(autouse=True)
    def _matter(self, units: dict[str, Unit]) -> None:
        self.matter = EngagementFactory(unit=units["MHN"])
        self.create_url = f"/register/{self.matter.pk}/documents/new/"

    def create_url_for(self, unit: Unit) -> str:
        return f"/register/{EngagementFactory(unit=unit).pk}/documents/new/"

    def valid_data(self) -> dict[str, Any]:
        return {"file": _pdf(), "title": "Program för besöket"}

    def invalid_data(self) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("program.exe", b"MZ\x90\x00"), "title": "Ett program"}


# --- Filing ---


def test_a_filed_document_is_a_file_outside_the_database_with_its_checksum(units) -> None:
    engagement = EngagementFactory(unit=units["MHN"])

    document = document_file(actor=None, engagement=engagement, upload=_pdf(), title="Program")

    stored = Path(settings.MEDIA_ROOT) / document.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert document.file_name == "program.pdf"
    assert "program" not in document.file.name  # a random name: no path to guess
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert (document.size, document.content_type) == (len(PDF_BYTES), "application/pdf")
    entry = AuditEntry.objects.get(event="document.created", object_id=str(document.pk))
    assert entry.data == {"secret": False}
    assert entry.unit_id == units["MHN"].pk


def test_the_title_defaults_to_the_files_name(units) -> None:
    document = document_file(actor=None, engagement=EngagementFactory(), upload=_pdf("Dagordning maj.pdf"))
    assert document.title == "Dagordning maj"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.pdf", b"", "Filen är tom."),
        ("program.exe", b"MZ\x90\x00", "Filer av den här typen kan inte diarieföras"),
        ("brev.pdf", "Det här är ingen PDF utan vanlig text.".encode(), "Filens innehåll är inte en PDF-fil"),
        ("brev.docx", PDF_BYTES, "Filens innehåll är inte en DOCX-fil"),
        ("lista.csv", "namn;belopp\nÅsa;12".encode("utf-16"), "Filen är inte vanlig text i UTF-8."),
        ("lista.txt", b"namn\x00belopp", "Filen är inte vanlig text i UTF-8."),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_kept(units, name, content, message) -> None:
    engagement = EngagementFactory()
    files, entries = _stored_files(), AuditEntry.objects.count()

    with pytest.raises(ApplicationError) as refused:
        document_file(actor=None, engagement=engagement, upload=SimpleUploadedFile(name, content), title="X")

    assert [detail.field for detail in refused.value.details] == ["file"]
    assert message in refused.value.details[0].message
    assert not Document.objects.exists()
    assert _stored_files() == files
    assert AuditEntry.objects.count() == entries


def test_a_file_larger_than_the_limit_is_refused_with_both_sizes(units, settings) -> None:
    settings.OMVARLD_DOCUMENT_MAX_BYTES = 2 * 2**20
    big = _pdf(content=PDF_BYTES + b"%" * (3 * 2**20))

    with pytest.raises(ApplicationError) as refused:
        document_file(actor=None, engagement=EngagementFactory(), upload=big, title="Stor")

    assert "3,0 MB; högst 2 MB" in refused.value.details[0].message
    assert not Document.objects.exists()


def test_plain_text_in_utf8_is_filed(units) -> None:
    text = SimpleUploadedFile("deltagare.csv", "namn;enhet\nÅsa Öberg;MHN\n".encode())
    document = document_file(actor=None, engagement=EngagementFactory(), upload=text)
    assert document.content_type == "text/csv"


@pytest.mark.parametrize(
    ("written", "ground"),
    [
        ("15 kap. 1 §", "15 kap. 1 § OSL"),
        ("15 kap 1 § OSL", "15 kap. 1 § OSL"),
        ("OSL 21 kap. 3 a §", "21 kap. 3a § OSL"),
        ("21:3a", "21 kap. 3a § OSL"),
        ("osl 18:8", "18 kap. 8 § OSL"),
    ],
)
def test_the_ground_for_secrecy_is_written_one_way(written, ground) -> None:
    assert secrecy_ground(written) == ground


@pytest.mark.parametrize("written", ["", "sekretess", "kap. §", "15 kap.", "§ 1", "15 kap. 1 § 2 §"])
def test_a_ground_without_chapter_and_section_is_not_a_ground(written) -> None:
    assert secrecy_ground(written) is None


def test_a_secret_document_needs_its_ground_and_an_open_one_has_none(units) -> None:
    with pytest.raises(ApplicationError) as refused:
        document_file(actor=None, engagement=EngagementFactory(), upload=_pdf(), secret=True)
    assert [detail.field for detail in refused.value.details] == ["secrecy_ground"]
    assert "kapitel och paragraf i OSL" in refused.value.details[0].message

    with pytest.raises(ApplicationError) as refused:
        document_file(
            actor=None, engagement=EngagementFactory(), upload=_pdf(), secrecy_ground_text="15 kap. 1 §"
        )
    assert [detail.field for detail in refused.value.details] == ["secrecy_ground"]
    assert not Document.objects.exists()


def test_an_administrator_may_not_file_a_secret_document(units, make_user) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    engagement = EngagementFactory(unit=units["MHN"])
    with pytest.raises(ApplicationError):
        document_file(
            actor=admin, engagement=engagement, upload=_pdf(), secret=True, secrecy_ground_text="15:1"
        )
    assert not Document.objects.exists()


# --- Secret documents stay hidden ---


@pytest.fixture
def filed(units) -> dict[str, Any]:
    engagement = EngagementFactory(unit=units["MHN"], title="Studieresa till Tallinn")
    open_document = DocumentFactory(engagement=engagement, title="Programmet för resan")
    secret_document = DocumentFactory(
        engagement=engagement, title="Hotbildsbedömning", secret=True, secrecy_ground="18 kap. 8 §"
    )
    return {"engagement": engagement, "open": open_document, "secret": secret_document}


@pytest.mark.parametrize(
    ("role", "unit", "sees_secret"),
    [
        (Role.OFFICER, "MHN", True),
        (Role.SECRETARY, "MHN", True),
        (Role.COORDINATOR, None, True),
        (Role.READER, None, False),
        (Role.ADMINISTRATOR, None, False),
    ],
)
def test_the_matters_page_lists_a_secret_document_only_to_those_who_handle_it(
    filed, make_user, role, unit, sees_secret
) -> None:
    page = _client(make_user(role, unit)).get(filed["engagement"].get_absolute_url()).text

    assert "Programmet för resan" in page
    assert ("Hotbildsbedömning" in page) is sees_secret
    assert ("Sekretess enligt 18 kap. 8 § OSL" in page) is sees_secret
    # Nor anything of it in the history (where the public document's entry says "Sekretess: Nej").
    assert ("Hemlig" in page or "Sekretess</span>: <ins>Ja</ins>" in page) is sees_secret


def test_a_reader_is_told_of_no_documents_when_the_only_one_is_secret(units, make_user) -> None:
    engagement = EngagementFactory(unit=units["MHN"])
    DocumentFactory(engagement=engagement, secret=True, secrecy_ground="15:1")

    page = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text

    assert "Inga handlingar är diarieförda i ärendet." in page


@pytest.mark.parametrize(("role", "sees_secret"), [(Role.READER, False), (Role.COORDINATOR, True)])
def test_the_audit_log_keeps_a_secret_documents_entry_from_those_who_may_not_see_it(
    filed, make_user, role, sees_secret
) -> None:
    user = make_user(role)
    visible = restrict(AuditEntry.objects.filter(event="document.created"), user, Action.VIEW)
    assert set(visible.values_list("object_id", flat=True)) == (
        {str(filed["open"].pk), str(filed["secret"].pk)} if sees_secret else {str(filed["open"].pk)}
    )
    page = _client(user).get("/audit/").text
    assert ("Hotbildsbedömning" in page) is sees_secret
    assert "Programmet för resan" in page


def test_the_download_of_a_secret_document_is_not_kept_by_the_browser(filed, make_user) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).get(f"/register/documents/{filed['secret'].pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_officer_of_another_unit_does_not_learn_of_any_document(filed, make_user) -> None:
    client = _client(make_user(Role.OFFICER, "TN"))
    for document in (filed["open"], filed["secret"]):
        assert client.get(f"/register/documents/{document.pk}/").status_code == 404
    assert client.get(f"/register/{filed['engagement'].pk}/documents/new/").status_code == 404
