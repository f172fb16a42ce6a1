"""The treasury's forms. They check the shape of what is typed; the services check the rules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.assemblies.models import Assembly
from alyansa.governance.models import Body
from alyansa.members import public
from alyansa.members.models import Country, MembershipCategory, Organization
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Account, AccountKind, Fund, IncomeGroup, PaymentMethod
from alyansa.treasury.money import Money
from alyansa.treasury.selectors import decided_items, report_items

MAX_AMOUNT = Decimal("999999999999")


def amount_field(label: Any = None, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("Amount"),
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        max_digits=15,
        decimal_places=3,
        required=required,
    )


def currency_field(initial: str = "USD") -> forms.CharField:
    return forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        initial=initial,
        help_text=_("Its three-letter code: USD, PHP, HKD, ..."),
    )


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MoneyFormMixin:
    """Forms with `amount` and `currency`: the Money, or the reason it is not one."""

    def money(self) -> Money | None:
        form: Any = self
        try:
            return Money(form.cleaned_data["amount"], form.cleaned_data["currency"])
        except TreasuryRuleError as error:
            form.add_error(None, str(error))
            return None


class DecisionFields(forms.Form):
    """Who decided it: an approved agenda item of an assembly, or a governing body with the
    day and its own reference. The service records it (decision_record)."""

    decided_by_item = forms.ModelChoiceField(
        label=_("Decided by an assembly (approved agenda item)"),
        queryset=decided_items(),
        required=False,
    )
    decided_by_body = forms.ModelChoiceField(
        label=_("or by a governing body"),
        queryset=Body.objects.all(),
        required=False,
    )
    decided_on = date_field(_("on"), required=False)
    decision_reference = forms.CharField(
        label=_("Its reference (resolution, minutes)"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item, body = data.get("decided_by_item"), data.get("decided_by_body")
        if (item is None) == (body is None):
            raise forms.ValidationError(
                _("Say which agenda item or which governing body decided it (one of the two).")
            )
        if body is not None and data.get("decided_on") is None:
            self.add_error("decided_on", _("Give the day the body decided it."))
        return data


class OrganizationChoiceField(forms.ModelChoiceField):
    """A current member organization to choose: one at risk by its number ("O42 (cannot be
    named)"), as the treasury names it to those who may not see it named, and listed after
    the named ones (its place among them would hint at its name)."""

    def __init__(self, **kwargs: Any) -> None:
        queryset = Organization.objects.current_members().order_by("at_risk", "name")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        return public.ledger_label(obj)


class PaymentForm(MoneyFormMixin, forms.Form):
    organization = OrganizationChoiceField(label=_("Organization"))
    amount = amount_field()
    currency = currency_field()
    date = date_field(_("Received on"))
    method = forms.ChoiceField(label=_("How"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=_("Reference (bank transfer, mobile money)"), max_length=120, required=False
    )
    assembly = forms.ModelChoiceField(
        label=_("Cash received at the desk of"),
        queryset=Assembly.objects.exclude(status=Assembly.Status.CLOSED).order_by("starts_at"),
        required=False,
        help_text=_("Cash received at an assembly posts once a second person confirms it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=200)


class ReverseForm(ReasonForm):
    date = date_field(_("Dated"), required=False)


class DuesScheduleForm(DecisionFields):
    """A year's dues, one amount per membership category and income group."""

    year = forms.IntegerField(label=_("Year"), min_value=1901, max_value=2199)
    currency = currency_field()
    due_on = date_field(_("Due by"))

    def __init__(self, *args: Any, groups: list[IncomeGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells: list[tuple[str, IncomeGroup, str]] = []
        for category in MembershipCategory:
            for group in groups:
                name = f"rate_{category.value}_{group.slug}"
                self.fields[name] = amount_field(f"{category.label} · {group.name}", required=False)
                self.cells.append((category.value, group, name))

    def rates(self) -> dict[tuple[str, IncomeGroup], Money] | None:
        rates = {}
        try:
            for category, group, name in self.cells:
                if self.cleaned_data.get(name) is not None:
                    rates[(category, group)] = Money(
                        self.cleaned_data[name], self.cleaned_data["currency"]
                    )
        except TreasuryRuleError as error:
            self.add_error(None, str(error))
            return None
        return rates


class AssessForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1901, max_value=2199)


class IncomeGroupForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    group = forms.ModelChoiceField(label=_("Income group"), queryset=IncomeGroup.objects.all())


class WaiveDuesForm(DecisionFields):
    year = forms.IntegerField(label=_("Dues of the year"), min_value=1901, max_value=2199)


class GraceForm(DecisionFields):
    year = forms.IntegerField(label=_("Dues of the year"), min_value=1901, max_value=2199)
    until = date_field(_("Not in arrears until"))
    organization = OrganizationChoiceField(
        label=_("For the organization (empty: for all)"), required=False
    )


class StandingRuleForm(DecisionFields):
    effective_from = date_field(_("In force from"))
    max_years_in_arrears = forms.IntegerField(
        label=_("An organization more than this many years in arrears has no vote"),
        min_value=0,
        max_value=50,
        required=False,
        help_text=_("Leave empty: standing does not decide the vote."),
    )


class StandingWaiverForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organization"))
    item = forms.ModelChoiceField(
        label=_("The assembly's decision (approved agenda item)"), queryset=decided_items()
    )


class RateForm(forms.Form):
    day = date_field(_("Date"))
    base = forms.CharField(label=_("One unit of"), min_length=3, max_length=3)
    quote = forms.CharField(label=_("is worth, in"), min_length=3, max_length=3)
    rate = forms.DecimalField(
        label=_("Rate"), min_value=Decimal("0.00000001"), max_digits=20, decimal_places=8
    )


class AccountForm(forms.Form):
    path = forms.CharField(
        label=_("Account"),
        max_length=200,
        help_text=_("Its place in the tree, for example Expenses:Travel or Assets:Bank:Manila."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)


def _assets() -> Any:
    return Account.objects.filter(kind=AccountKind.ASSET, per_organization=False).order_by("path")


class GrantForm(MoneyFormMixin, forms.Form):
    name = forms.CharField(label=_("Fund"), max_length=200)
    donor = forms.CharField(label=_("Donor"), max_length=200)
    restriction = forms.CharField(
        label=_("What the donor allows it for"), widget=forms.Textarea, required=False
    )
    amount = amount_field()
    currency = currency_field()
    date = date_field(_("Received on"))
    into = forms.ModelChoiceField(label=_("Into"), queryset=_assets(), required=False)


class ContributionForm(MoneyFormMixin, forms.Form):
    donor = forms.CharField(label=_("From"), max_length=120)
    amount = amount_field()
    currency = currency_field()
    date = date_field(_("Received on"))
    into = forms.ModelChoiceField(label=_("Into"), queryset=_assets(), required=False)


class ExpenseForm(MoneyFormMixin, forms.Form):
    account = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Account.objects.filter(kind=AccountKind.EXPENSE).order_by("path"),
    )
    description = forms.CharField(label=_("What for"), max_length=300)
    amount = amount_field()
    currency = currency_field()
    date = date_field(_("Paid on"))
    paid_from = forms.ModelChoiceField(label=_("Paid from"), queryset=_assets(), required=False)
    fund = forms.ModelChoiceField(
        label=_("Charged to the restricted fund"), queryset=Fund.objects.all(), required=False
    )
    receipt = forms.FileField(
        label=_("A picture of the receipt"),
        required=False,
        help_text=_("A photo or scan (JPEG, PNG, WebP); its metadata is removed."),
    )


class BudgetForm(MoneyFormMixin, forms.Form):
    account = forms.ModelChoiceField(
        label=_("Account"),
        queryset=Account.objects.filter(
            kind__in=[AccountKind.INCOME, AccountKind.EXPENSE]
        ).order_by("path"),
    )
    amount = amount_field()
    currency = currency_field()


class PeriodForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends after it starts."))
        if start and end and (end - start) > datetime.timedelta(days=366 * 20):
            raise forms.ValidationError(_("A report covers twenty years at most."))
        return data


class FreezeForm(PeriodForm):
    item = forms.ModelChoiceField(label=_("Put to the agenda item"), queryset=report_items())
