"""Read an admin edit form back as the browser would post it (inputs, textareas, selects)."""
from bs4 import BeautifulSoup


def form_fields(html: str, form_id: str | None = None, largest: bool = False) -> dict:
    """The fields of one form of ``html`` with their current values, as a browser posts them
    (disabled fields and file inputs left out, checked boxes as lists): the form ``form_id``,
    else with ``largest`` the POST form with the most fields, else the page's main edit form."""
    soup = BeautifulSoup(html, "lxml")
    if form_id:
        form = soup.find("form", id=form_id)
    elif largest:
        posts = soup.find_all("form", method=lambda m: m and m.lower() == "post")
        form = max(posts, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
    else:
        form = _main_form(soup)
    data: dict = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            data[name] = field.text.lstrip("\n")
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            if field.has_attr("multiple"):
                data[name] = [o.get("value", "") for o in chosen]
            else:
                data[name] = chosen[0].get("value", "") if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") in ("submit", "button", "file"):
            continue
        else:
            data[name] = field.get("value", "")
    return data


def _main_form(soup):
    for form in soup.find_all("form"):
        if form.get("method", "").lower() == "post" and form.find(attrs={"name": "csrfmiddlewaretoken"}) and \
                form.find(attrs={"name": lambda n: n and n.endswith("-TOTAL_FORMS")}):
            return form
    return soup.find_all("form", method=lambda m: m and m.lower() == "post")[-1]


def line_prefix(data: dict, kpi_id: int) -> str:
    """The formset prefix ("lines-2") of the line for ``kpi_id``."""
    for name, value in data.items():
        if name.startswith("lines-") and name.endswith("-kpi") and str(value) == str(kpi_id):
            return name[: -len("-kpi")]
    raise KeyError(kpi_id)
