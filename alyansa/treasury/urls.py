from django.urls import path

from alyansa.treasury.views import books, dues, reports, standing

app_name = "treasury"

urlpatterns = [
    path("", books.home, name="home"),
    path("ledger/", books.ledger, name="ledger"),
    path("entries/<id:entry_id>/", books.entry, name="entry"),
    path("entries/<id:entry_id>/reverse/", books.entry_reverse, name="entry_reverse"),
    path("accounts/", books.accounts, name="accounts"),
    path("rates/", books.rates, name="rates"),
    path("funds/", books.funds, name="funds"),
    path("expenses/new/", books.expense, name="expense"),
    path("receipts/<id:receipt_id>/", books.receipt, name="receipt"),
    path("budget/<year:year>/", books.budget, name="budget"),
    path("dues/", dues.dues, name="dues"),
    path("dues/adopt/", dues.dues_adopt, name="dues_adopt"),
    path("dues/assess/", dues.dues_assess, name="dues_assess"),
    path("dues/income-groups/", dues.income_group, name="income_group"),
    path("dues/grace/", dues.grace, name="grace"),
    path("organizations/<id:organization_id>/", dues.organization, name="organization"),
    path("organizations/<id:organization_id>/waive/", dues.dues_waive, name="dues_waive"),
    path("payments/new/", dues.payment, name="payment"),
    path("cash/", dues.cash, name="cash"),
    path("cash/<id:entry_id>/confirm/", dues.cash_confirm, name="cash_confirm"),
    path("cash/<id:entry_id>/reject/", dues.cash_reject, name="cash_reject"),
    path("standing/", standing.standing, name="standing"),
    path("standing/rule/", standing.standing_rule, name="standing_rule"),
    path("standing/waive/", standing.standing_waive, name="standing_waive"),
    path("report/", reports.report, name="report"),
    path("report/freeze/", reports.report_freeze, name="report_freeze"),
    path("reports/<id:report_id>/", reports.frozen_report, name="frozen_report"),
    path("export.beancount", reports.export, name="export"),
]
