"""Labels Wagtail builds from English field names, outside any catalogue: given in Thai here.

- its login form declares the password field without a label, so Django shows "Password";
- its site listing names three columns from their attribute names ("Port", "Site name", "Root page").
"""


def apply():
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.sites.views import IndexView

    LoginForm.base_fields["password"].label = "รหัสผ่าน"
    labels = {"port": "พอร์ต", "site_name": "ชื่อเว็บไซต์", "root_page": "หน้าราก"}
    for column in IndexView.columns:
        if column.name in labels:
            column.label = labels[column.name]
