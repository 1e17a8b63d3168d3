"""The rules a run scores by: one profile for every form (`--rules NAME`), or, with
`--rules auto`, for each form the profile whose allocation the form states (its 评分标准 line),
and the default profile for a form that states none or one no profile has. A backfill of many
places and years then needs one run, not one per rule set."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from model import Form
from score.profile import PROFILES_DIR, Profile, ProfileError, load_profile
from score.scheme import states

AUTO = "auto"
FALLBACK = "default"


@dataclass(frozen=True)
class Rules:
    name: str
    """What the run was given: a profile's name or path, or `auto`."""
    fallback: Profile
    pool: tuple[Profile, ...] = ()
    """The profiles a form may select by its statement (empty: every form gets `fallback`)."""

    @property
    def fixed(self) -> Profile | None:
        """The one profile of every form, or None when each form's own is chosen."""
        return None if self.pool else self.fallback

    def for_form(self, form: Form) -> Profile:
        if form.scheme:
            for profile in self.pool:
                if states(form.scheme, profile):
                    return profile
        return self.fallback

    def fingerprint(self) -> str:
        """The rule files' contents, for the catalog key: a changed rule re-scores the files."""
        if not self.pool:
            try:
                return hashlib.sha256(Path(self.fallback.source).read_bytes()).hexdigest()[:16]
            except OSError:
                return self.fallback.name
        h = hashlib.sha256()
        for profile in (self.fallback, *self.pool):
            h.update(profile.name.encode() + b"\0")
            with contextlib.suppress(OSError):
                h.update(Path(profile.source).read_bytes())
        return h.hexdigest()[:16]


def _same_allocation(a: Profile, b: Profile) -> bool:
    def groups(p: Profile) -> set[tuple[frozenset[str], object]]:
        return {(frozenset(g.level1), g.weight) for g in p.allocation}

    return groups(a) == groups(b)


def selectable() -> tuple[Profile, ...]:
    """The profiles of score/profiles/ that `auto` may choose, checked to be unambiguous: two
    that share an allocation would leave the choice to the order of their files."""
    pool = tuple(
        p for p in (load_profile(path) for path in sorted(PROFILES_DIR.glob("*.toml"))) if p.by_statement
    )
    for i, a in enumerate(pool):
        if not a.allocation:
            raise ProfileError(f"规则 {a.name} 未规定分值分配（weights.allocation），不能由表内评分标准选用")
        for b in pool[i + 1 :]:
            if _same_allocation(a, b):
                raise ProfileError(f"规则 {a.name} 与 {b.name} 的分值分配相同，auto 无法在两者之间选择")
    return pool


def load_rules(spec: str) -> Rules:
    if spec == AUTO:
        return Rules(AUTO, load_profile(FALLBACK), selectable())
    return Rules(spec, load_profile(spec))
