"""The archive's records: the file nomenclature (how long each kind of document is
kept), period snapshots with their files and manifests, their transfer to the clerk,
verifications, backups and the acts of destruction."""

from archive.models.destruction import DestructionAct, DestructionChange, DestructionStatus
from archive.models.documents import (
    PREFIX,
    REQUESTABLE,
    BlankCalibration,
    CertificateEntry,
    Delivery,
    Disclosure,
    DisclosureGround,
    DocumentKind,
    InfoRequest,
    IssuedDocument,
    RegisterCounter,
    RequestChange,
    RequestChannel,
    RequestStatus,
    YearResultsSignoff,
)
from archive.models.integrity import Backup, BackupCopy, Verification
from archive.models.nomenclature import RetentionRule, RetentionTerm
from archive.models.snapshots import (
    ArchiveFile,
    FileKind,
    Snapshot,
    SnapshotChange,
    SnapshotStatus,
    TransferStatus,
)

__all__ = [
    "PREFIX",
    "REQUESTABLE",
    "ArchiveFile",
    "Backup",
    "BackupCopy",
    "BlankCalibration",
    "CertificateEntry",
    "Delivery",
    "DestructionAct",
    "DestructionChange",
    "DestructionStatus",
    "Disclosure",
    "DisclosureGround",
    "DocumentKind",
    "FileKind",
    "InfoRequest",
    "IssuedDocument",
    "RegisterCounter",
    "RequestChange",
    "RequestChannel",
    "RequestStatus",
    "RetentionRule",
    "RetentionTerm",
    "Snapshot",
    "SnapshotChange",
    "SnapshotStatus",
    "TransferStatus",
    "Verification",
    "YearResultsSignoff",
]
