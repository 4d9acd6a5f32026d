"""The case workspace: everything done on one case, step by step."""

from app.ui.workspace.workspace import CaseWorkspace

__all__ = ["CaseWorkspace"]
