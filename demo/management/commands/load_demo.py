from django.core.management.base import BaseCommand

from demo.loader import DemoLoader


class Command(BaseCommand):
    help = "สร้างข้อมูลตัวอย่างปีงบประมาณ 2569 (เรียกซ้ำได้: สิ่งที่มีอยู่แล้วจะไม่ถูกเปลี่ยน)"

    def add_arguments(self, parser):
        parser.add_argument("--reset-passwords", action="store_true", help="ตั้งรหัสผ่านใหม่ให้ผู้ใช้ตัวอย่างทุกคนและพิมพ์ออกมา")

    def handle(self, *args, reset_passwords=False, **options):
        loader = DemoLoader(stdout=None, reset_passwords=reset_passwords).run()
        if loader.created:
            self.stdout.write(self.style.SUCCESS(f"สร้างข้อมูลตัวอย่างแล้ว {len(loader.created)} รายการ"))
        else:
            self.stdout.write("ข้อมูลตัวอย่างมีครบแล้ว ไม่มีการเปลี่ยนแปลง")
        if loader.passwords:
            self.stdout.write("\nผู้ใช้ตัวอย่าง (รหัสผ่านแสดงครั้งเดียว โปรดจดไว้):")
            self.stdout.write(f"  {'ชื่อผู้ใช้':<22} {'รหัสผ่าน':<16} บทบาท")
            for username, role, password in loader.passwords:
                self.stdout.write(f"  {username:<22} {password:<16} {role}")
        else:
            self.stdout.write("ผู้ใช้ตัวอย่างมีอยู่แล้ว (ตั้งรหัสผ่านใหม่ด้วย: python manage.py load_demo --reset-passwords)")
