"""Import cycles between the project's modules, read with grimp (the import graph, lazy
imports inside functions included).

The cycles left are listed below with why they stay; a new one fails this test. Remove an
entry when its cycle is gone (the test says so)."""
import grimp

PACKAGES = ["cms", "dashboard", "demo", "doc_templates", "evidence", "evidence_search", "khamrap", "ops", "reporting", "scoring", "thai"]

# Each group: the modules of one strongly connected component still there, with why it stays.
#
# None is left (issue 16). What Wagtail forces stays one way: a page model names its admin form
# at class definition (``base_form_class``: cms.models.agreement / structure → cms.forms), and the
# forms read only the scopes (cms.scopes → cms.models.reference, cms.role_names), never those page
# modules back; snippet forms are named by their viewsets (cms.wagtail_hooks), and reporting's
# snippet forms and the model's clean() use rules (reporting.line_rules, reporting.calendars,
# reporting.permissions) that never import reporting.models, whose services (rounds, scores,
# cascade) import the models one way.
KNOWN_MODULE_CYCLES: dict[str, set[str]] = {}


def _components(graph):
    """Tarjan's strongly connected components of more than one module (migrations left out)."""
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(start):
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if ".migrations" in child or child not in graph.modules:
                    continue
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_but_the_known_ones():
    graph = grimp.build_graph(*PACKAGES)
    components = _components(graph)
    known = list(KNOWN_MODULE_CYCLES.values())
    new = [sorted(c) for c in components if not any(c <= k for k in known)]
    assert not new, f"new import cycles: {new}"
    gone = [name for name, k in KNOWN_MODULE_CYCLES.items() if not any(c & k for c in components)]
    assert not gone, f"these cycles are gone: remove them from KNOWN_MODULE_CYCLES: {gone}"
