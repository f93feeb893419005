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
PROBE_USERS = ["staff_finance", "head_finance", "staff_service", "preparer", "admin"]


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

    from cms.models import AgreementPage, EvidenceFolderPage, EvidencePage, KPITemplatePage, Organisation, OrganisationYearPage
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
    evidence = EvidencePage(title=SECRET, slug="probe-secret", kpi=kpi, round=6, live=False)
    evidence_folder.add_child(instance=evidence)
    [record] = attach_files(evidence, [Upload("probe.txt", io.BytesIO(SECRET.encode()))], enqueue=False)
    evidence.save_revision()

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
    }
    path = targets_path(args)
    path.write_text(json.dumps(targets, ensure_ascii=False, indent=1))
    path.chmod(0o600)
    print(f"targets written to {path}")


def verify(args):
    django_setup()
    from doc_templates.models import Memo

    targets = json.loads(targets_path(args).read_text())
    memo = Memo.objects.filter(pk=targets["memo"]["id"]).first()
    problems = []
    if memo is None:
        problems.append("memo deleted")
    else:
        if memo.revisions.count() != targets["memo"]["revisions"]:
            problems.append(f"memo revisions {targets['memo']['revisions']} → {memo.revisions.count()}")
        if memo.locked:
            problems.append("memo locked by someone")
        if memo.subject != SECRET:
            problems.append("memo subject changed")
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


def attack(args):
    targets = json.loads(targets_path(args).read_text())
    secret, passwords = targets["secret"], targets["passwords"]
    base = args.base
    results = []

    def record(group, tried, leaked, detail=()):
        results.append((group, tried, leaked))
        print(f"{group:58} tried {tried:3}, leaked {leaked:3} (target 0)")
        for line in list(detail)[:5]:
            print(f"    leak: {line}")

    def session(role, source="127.0.0.2"):
        client = Client(base, source)
        if role != "anonymous":
            assert client.login(role, passwords[role]), f"{role} could not log in"
        return client

    roles = {role: session(role) for role in ("anonymous", "staff_service", "preparer")}

    # 1. media paths of every private document: straight, old guessable names, traversal
    anonymous = roles["anonymous"]
    paths = []
    for document in targets["documents"]:
        name = document["file"]
        base_name = name.rsplit("/", 1)[-1]
        paths += [f"/media/{name}", f"/media/documents/{base_name}", f"/media/{base_name}", f"/_private/{name}",
                  f"/media/../private/{name}", f"/media/%2e%2e/private/{name}", f"/static/../private/{name}"]
    leaks = [p for p in paths if anonymous.get(p).status == 200]
    record("anonymous GET of /media/, /_private/ and traversal paths", len(paths), len(leaks), leaks)

    # 2. document and evidence URLs for each role that must not read them
    tried, leaks = 0, []
    for document in targets["documents"]:
        for role in document["denied"]:
            tried += 1
            response = roles[role].get(document["url"])
            if response.status == 200 or response.getheader("X-Accel-Redirect"):
                leaks.append(f"{role} {document['url']} {response.status}")
    for role in ("anonymous", "staff_service"):
        tried += 1
        response = roles[role].get(targets["evidence_file"])
        if response.status == 200:
            leaks.append(f"{role} {targets['evidence_file']}")
    record("document and evidence downloads by refused roles", tried, len(leaks), leaks)

    # 3. the admin documents API
    tried, leaks = 0, []
    for role in ("staff_service", "preparer"):
        denied = [d for d in targets["documents"] if role in d["denied"]]
        for path in ["/admin/api/main/documents/", "/admin/api/main/documents/?limit=500",
                     *[f"/admin/api/main/documents/{d['id']}/" for d in denied]]:
            tried += 1
            body = text_of(roles[role].get(path))
            if any(f'"id": {d["id"]},' in body or d["title"] in body for d in denied):
                leaks.append(f"{role} {path}")
    record("documents API (listing, detail) by refused roles", tried, len(leaks), leaks)

    # 4. memo snippet views and forged POSTs by another unit's staff (and reads by the preparer)
    memo = targets["memo"]
    ns = "/admin/snippets/doc_templates/memo"
    reads = [f"{ns}/edit/{memo['id']}/", f"{ns}/history/{memo['id']}/", f"{ns}/usage/{memo['id']}/",
             f"{ns}/workflow_history/{memo['id']}/", f"{ns}/copy/{memo['id']}/", f"{ns}/delete/{memo['id']}/",
             f"{ns}/history/{memo['id']}/revisions/compare/{memo['first']}...{memo['latest']}/",
             f"{ns}/history/{memo['id']}/revisions/{memo['first']}/revert/", f"{ns}/?q=ความลับ",
             f"/admin/snippets/choose/doc_templates/memo/?q=ความลับ",
             f"/admin/snippets/choose/doc_templates/memo/chosen/{memo['id']}/",
             f"/admin/documents-generate/doc_templates/memo/{memo['id']}/list/"]
    tried, leaks = 0, []
    for role in ("anonymous", "staff_service"):
        for path in reads:
            tried += 1
            if secret in text_of(roles[role].get(path)):
                leaks.append(f"{role} {path}")
    for path in reads[:8] + reads[-1:]:  # preparers read memos only through the chooser
        tried += 1
        if secret in text_of(roles["preparer"].get(path)):
            leaks.append(f"preparer {path}")
    attacker = roles["staff_service"]
    own_form = f"{ns}/add/"
    forged = [(f"{ns}/edit/{memo['id']}/", {"subject": "แก้โดยผู้อื่น", "organisation": targets["finance"]}),
              (f"{ns}/lock/{memo['id']}/", {}), (f"{ns}/delete/{memo['id']}/", {}),
              (f"{ns}/history/{memo['id']}/revisions/{memo['first']}/revert/", {}),
              (f"{ns}/add/", {"subject": "สร้างโดยผู้อื่น", "organisation": targets["finance"], "kind": "memo"}),
              ("/admin/documents-generate/standard-memo/", {"standard": "send_draft_kpis",
                                                            "organisation": targets["finance"]})]
    for path, data in forged:
        tried += 1
        attacker.post(path, data, form_path=own_form)  # a valid CSRF token of the attacker's own session
    record("memo views (reads by 3 roles) + 6 forged POSTs (see verify)", tried, len(leaks), leaks)

    # 5. draft page titles in Wagtail's page views
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
    tried, leaks = 0, []
    for role in ("anonymous", "staff_service"):
        for path in page_paths:
            tried += 1
            if secret in text_of(roles[role].get(path)):
                leaks.append(f"{role} {path}")
    record("draft titles in page chooser/workflow/bulk/report/search", tried, len(leaks), leaks)

    # 6. GET /admin/logout/ (an <img> on any page) must not log out
    victim = session("staff_service", "127.0.0.3")
    victim.get("/admin/logout/")
    logged_out = victim.get("/admin/").status != 200
    record("GET /admin/logout/ logging the user out", 1, int(logged_out))

    # 7. login throttle on every path, attacker at 127.0.0.2 forging X-Forwarded-For each time;
    # the target is "admin" (a staff superuser: the one account every login path accepts)
    tried, leaks = 0, []
    for attempt in range(8):
        for number, path in enumerate(LOGIN_PATHS, 1):
            Client(base, "127.0.0.2", forwarded_for=f"10.9.{attempt}.{number}").login("admin", f"wrong-{attempt}", path)
    for path in LOGIN_PATHS:
        for forged_hop in (None, "10.99.0.1", "127.0.0.3"):
            tried += 1
            if Client(base, "127.0.0.2", forwarded_for=forged_hop).login("admin", passwords["admin"], path):
                leaks.append(f"attacker logged in after 24 failures via {path} (X-Forwarded-For {forged_hop})")
    record("login throttle: right password after 24 failures (3 paths)", tried, len(leaks), leaks)

    # 8. lockout of others: the victim of the attack and another account, from 127.0.0.3,
    # on every path that account may use (Django's own admin takes staff accounts only)
    tried, leaks = 0, []
    for username, paths in (("admin", LOGIN_PATHS), ("staff_finance", ["/admin/login/", "/_util/login/"])):
        for path in paths:
            tried += 1
            if not Client(base, "127.0.0.3").login(username, passwords[username], path):
                leaks.append(f"{username} at 127.0.0.3 locked out on {path}")
    record("lockout turned against others (victim refused = leak)", tried, len(leaks), leaks)

    total_tried = sum(t for _g, t, _l in results)
    total_leaked = sum(n for _g, _t, n in results)
    print(f"{'TOTAL':58} tried {total_tried:3}, leaked {total_leaked:3} (target 0)")
    return 1 if total_leaked else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["prepare", "attack", "verify"])
    parser.add_argument("--base", default="http://127.0.0.1:61780")
    parser.add_argument("--targets")
    args = parser.parse_args()
    return {"prepare": prepare, "attack": attack, "verify": verify}[args.step](args) or 0


if __name__ == "__main__":
    sys.exit(main())
