"""Evidence file checks and text extraction (plain functions, no Django models).

    from evidence_search.extraction import validate_upload, extract_text, UploadRejected
    detected = validate_upload("ผลการดำเนินงาน.pdf", fileobj, max_bytes=50 * 2**20)
    pages = extract_text(path, detected)   # [ExtractedPage(number, text, method)]
    pages = run_isolated(path, detected, Limits(seconds=600, memory_mb=1024))  # in a child process
                                           # under limits; ExtractionFailed(code, Thai message)
"""
from .detect import DetectedType, UploadRejected, detect_type, validate_upload  # noqa: F401
from .extract import ExtractedPage, extract_text, ocr_image  # noqa: F401
from .limits import ExtractionFailed, Limits  # noqa: F401,E402
