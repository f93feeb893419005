"""An Office 97-2003 file (.doc/.xls) is refused with a message naming the formats that are accepted."""
import io

import pytest

from search.extraction import UploadRejected, validate_upload

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize("name", ["บันทึกเดิม.doc", "ตารางเดิม.xls"])
def test_old_office_file_is_refused_precisely(name):
    with pytest.raises(UploadRejected) as caught:
        validate_upload(name, io.BytesIO(OLE2_HEADER + bytes(4096)), 50 * 1024 * 1024)
    assert caught.value.code == "old_office"
    assert "รุ่นเก่า (.doc/.xls/.ppt)" in caught.value.message
    assert ".docx/.xlsx/.pptx หรือ PDF" in caught.value.message
