"""The customer's results pages (004 §1.4). Reading them is a disclosure: the page
and the download log one row per learner shown, in the transaction of the read; a
refused span shows nothing and logs nothing."""

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from common.downloads import logged_download
from learners.customer import exports, selectors
from learners.customer.forms import SpanForm
from learners.customer.services import customer_results_disclose, customer_results_what
from learners.models import Role
from learners.views import role_required

KIND_XLSX = "customer_results_xlsx"
TEMPLATE = "learners/customer/results.html"


def _disclose(request, group, results, *, start, end, download=False):
    what = customer_results_what(start=start, end=end, download=download)
    by_customer = {}
    for result in results:
        by_customer.setdefault(result.customer.pk, (result.customer, []))[1].append(result)
    # A representative of two customers may see a group where both pay: each
    # customer is named as the recipient of its own learners' results.
    for customer, rows in by_customer.values():
        customer_results_disclose(
            actor=request.user,
            customer=customer,
            group=group,
            learners=[r.learner for r in rows],
            start=start,
            end=end,
            what=what,
            contracts={r.learner.pk: r.contract for r in rows},
        )


def _span(request):
    return SpanForm(request.GET, today=timezone.localdate())


def _context(request, group, form, **extra):
    return {
        "group": group,
        "groups": selectors.contract_groups(request.user),
        "form": form,
        "terms": selectors.terms(),
        **extra,
    }


@role_required(Role.CUSTOMER)
def group_results(request, pk):
    group = selectors.get_contract_group(request.user, pk)
    form = _span(request)
    if not form.is_valid():
        return render(request, TEMPLATE, _context(request, group, form), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    with transaction.atomic():
        results = selectors.group_results(request.user, group, start=start, end=end)
        _disclose(request, group, results, start=start, end=end)
        # Rendered inside the transaction: what is logged is what the page shows.
        return render(
            request,
            TEMPLATE,
            _context(request, group, form, start=start, end=end, results=results),
        )


@role_required(Role.CUSTOMER)
def group_results_xlsx(request, pk):
    group = selectors.get_contract_group(request.user, pk)
    form = _span(request)
    if not form.is_valid():
        return render(request, TEMPLATE, _context(request, group, form), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    with transaction.atomic():
        results = selectors.group_results(request.user, group, start=start, end=end)
        content = exports.results_xlsx(
            group=group, start=start, end=end, results=results, terms=selectors.terms()
        )
        _disclose(request, group, results, start=start, end=end, download=True)
        return logged_download(
            user=request.user,
            content=content,
            content_type=exports.XLSX,
            filename=f"Результаты {group.name} {start:%d.%m.%Y}-{end:%d.%m.%Y}.xlsx".replace(
                "/", "-"
            ),
            kind=KIND_XLSX,
            subject=group,
        )
