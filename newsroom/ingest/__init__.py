"""Raw dump -> record: normalize one raw file, explain its lines, ingest a folder of raw files."""

from newsroom.ingest.files import IngestReport, ingest_files
from newsroom.ingest.normalizer import Normalized, explain, normalize

__all__ = ["IngestReport", "Normalized", "explain", "ingest_files", "normalize"]
