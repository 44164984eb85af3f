"""The version history as the history page and the CLI show it."""

from __future__ import annotations

from kpi.access.actor import actor_label
from kpi.core.dataset import VersionInfo
from kpi.core.fiscal import thai_datetime, thai_timestamp
from kpi.core.messages import t
from kpi.core.settings import auto_backups_kept

_KINDS = {
    "upload": "kind_upload",
    "seed": "kind_seed",
    "import": "kind_import",
    "oit": "kind_oit",
    "migrate": "kind_migrate",
    "survey": "kind_survey",
}


def kind_label(version: VersionInfo) -> str:
    """Thai name of how a version came to be."""
    if version.kind == "rollback":
        return t("kind_rollback", version=version.source_version)
    return t(_KINDS.get(version.kind, "kind_upload"))


def saved_by_text(version: VersionInfo) -> str:
    """Who saved a version: 'somchai', 'root (คำสั่ง)'; versions from before that was recorded say so."""
    if not version.saved_by:
        return t("history_by_unknown")
    return actor_label(version.saved_by, version.saved_via)


def history_rows(versions: list[VersionInfo]) -> list[dict[str, str]]:
    """One row per version for display, newest first, the current one marked."""
    rows = []
    for index, v in enumerate(versions):
        number = f"{v.number} ({t('history_current')})" if index == 0 else str(v.number)
        rows.append(
            {
                t("history_version"): number,
                t("history_when"): thai_timestamp(v.created_at),
                t("history_by"): saved_by_text(v),
                t("history_summary"): f"{kind_label(v)}: {v.summary}" if v.kind != "rollback" else kind_label(v),
                t("history_file"): v.filename,
                t("history_sha"): v.sha256[:12],
            }
        )
    return rows


def backup_note(url: str) -> str:
    """Where the automatic backups of this store are, how many are kept and when the newest was taken."""
    from kpi.store.backup import backup_folder, list_backups

    keep = auto_backups_kept()
    if keep <= 0:
        return t("history_backups_off")
    folder = backup_folder(url)
    found = list_backups(url)
    if not found:
        return t("history_backups_none", keep=keep, folder=folder)
    return t("history_backups", keep=keep, folder=folder, count=len(found), when=thai_datetime(found[0].taken_at))
