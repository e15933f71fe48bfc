"""Send: commit exactly a post and the images it uses, then push; or push it for review
to ``drafts/<slug>``. Never a force-push; a push refused because colleagues sent first
gets the latest and tries once more."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from editor.core import jekyll
from editor.core.git.repo import Repo
from editor.core.git.runner import NETWORK_TIMEOUT, CancelToken, GitError, Progress, classify
from editor.core.git.safety import operation
from editor.core.git.status import load_conflicts
from editor.core.git.sync import Conflict, SyncResult, _get_latest
from editor.core.images import body_image_refs, is_local, resolve_image
from editor.core.post import Post
from editor.core.site_model import Site, find_site_root
from editor.core.words import plural


class SendRefused(GitError):
    """Sending is not possible as things stand (conflict, push refused twice, no name)."""


class NotSendable(GitError):
    """A file given to Send does not exist or is outside the site's repository."""


@dataclass
class SendResult:
    """What Send did."""

    files: list[str] = field(default_factory=list)  # what was committed
    commit: str | None = None
    branch: str = ""  # where it went on the remote
    review_url: str | None = None
    retried: bool = False
    latest: SyncResult | None = None  # the Get latest a refused push triggered
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def message(self) -> str:
        """One line a writer reads."""
        if self.conflicts:
            return (f"Not sent: a colleague changed {len(self.conflicts)} of these files too; "
                    "choose what to keep, then send again.")
        if not self.files and self.commit is None:
            return "Nothing new to send."
        where = f" for review ({self.branch})" if self.branch.startswith("drafts/") else ""
        return f"Sent{where}: {plural(len(self.files), 'file')}."


@dataclass(frozen=True)
class Identity:
    """The name and e-mail a commit is signed with (Preferences, when git has none)."""

    name: str
    email: str


def identity_env(repo: Repo, fallback: Identity | None) -> dict[str, str]:
    """Environment giving commits an author: git config first, else ``fallback``."""
    name = repo.git.run(["config", "user.name"], check=False).stdout.strip()
    email = repo.git.run(["config", "user.email"], check=False).stdout.strip()
    if name and email:
        return {}
    if fallback is None or not fallback.name.strip() or not fallback.email.strip():
        if name or email or os.environ.get("GIT_AUTHOR_NAME"):
            return {}
        raise SendRefused("set your name and e-mail in Preferences before sending")
    values = {"NAME": name or fallback.name.strip(), "EMAIL": email or fallback.email.strip()}
    return {f"GIT_{who}_{k}": v for who in ("AUTHOR", "COMMITTER") for k, v in values.items()}


def referenced_images(post_path: Path, post: Post, site_root: Path | None) -> list[Path]:
    """Local image files the post's body and ``image:`` field point at (existing ones)."""
    targets = [ref.target for ref in body_image_refs(post.body)]
    image = post.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature")
    if isinstance(image, str):
        targets.append(image)
    baseurl = ""
    if site_root is not None:
        baseurl = Site.load(site_root).baseurl
    out: list[Path] = []
    for target in targets:
        if not is_local(target):
            continue
        found = resolve_image(target, site_root, post_path, baseurl)
        if found is not None and found not in out:
            out.append(found)
    return out


def _title(post_path: Path, post: Post) -> str:
    title = post.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    name = jekyll.parse_post_filename(post_path.name)
    return name.slug if name else post_path.stem


def _slug(post_path: Path) -> str:
    name = jekyll.parse_post_filename(post_path.name)
    slug = name.slug if name else post_path.stem
    return jekyll.slugify(slug) or "post"


def files_to_send(repo: Repo, posts: list[Path]) -> tuple[list[str], str]:
    """(work-tree-relative files to commit, commit message) for ``posts``."""
    files: list[str] = []
    images: list[str] = []
    lines: list[str] = []
    for path in posts:
        path = Path(path).resolve()
        try:
            rel = repo.relpath(path)
        except ValueError:
            raise NotSendable(f"{path} is not in this site's repository") from None
        in_head = repo.head() is not None and repo.blob_id("HEAD", rel) is not None
        if not path.is_file():
            if not in_head:
                raise NotSendable(f"{path}: no such file")
            files.append(rel)
            lines.append(f"Delete: {path.name}")
            continue
        post = Post(path.read_bytes())
        files.append(rel)
        lines.append(f"{'Update' if in_head else 'Add'}: {_title(path, post)}")
        site_root = find_site_root(path)
        for image in referenced_images(path, post, site_root):
            try:
                image_rel = repo.relpath(image)
            except ValueError:
                continue
            if image_rel not in files:
                files.append(image_rel)
                images.append(image_rel)
    if images:
        # An image the site's .gitignore leaves out stays out (the site decided so).
        ignored = repo.git.run(["check-ignore", "--no-index", "-z", "--stdin"], check=False,
                               input="\0".join(images).encode("utf-8", "surrogateescape"),
                               env={"GIT_LITERAL_PATHSPECS": "0"})  # it refuses that magic
        skip = set(ignored.stdout.split("\0"))
        files = [f for f in files if f not in skip]
    message = lines[0] if len(lines) == 1 else f"Send {len(lines)} posts\n\n" + "\n".join(lines)
    return files, message


_REJECTED_RE = re.compile(r"\[rejected\]|non-fast-forward|fetch first|\[remote rejected\]")


def send(
    repo: Repo,
    posts: list[Path],
    *,
    review: bool = False,
    author: Identity | None = None,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> SendResult:
    """Commit ``posts`` and their images and push them (``review``: to ``drafts/<slug>``)."""
    with operation(repo):
        conflicted = load_conflicts(repo)
        files, message = files_to_send(repo, posts)
        for rel in files:
            if rel in conflicted:
                raise SendRefused(
                    f"{rel} is in conflict with a colleague's version: choose what to keep first")
        env = identity_env(repo, author)
        remote = repo.remote()
        if remote is None:
            raise SendRefused("this site has no shared repository to send to (no remote)")
        if review:
            return _send_review(repo, remote, posts, files, message, env, cancel, progress)
        return _send(repo, remote, files, message, env, cancel, progress)


def _commit(repo: Repo, files: list[str], message: str, env: dict[str, str]) -> str | None:
    """Commit exactly ``files`` (whatever else is staged stays staged); None: no change."""
    listed = repo.git.run_bytes(["ls-files", "-z", "--", *files]).stdout
    known = {p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p}
    addable = [f for f in files if f in known or (repo.top / f).exists()]
    if addable:  # a file already removed with `git rm` is staged as it is
        repo.git.run(["add", "-A", "--", *addable])
    if repo.head() is not None and repo.git.ok(["diff", "--cached", "--quiet", "HEAD", "--",
                                                 *files]):
        return None
    repo.git.run(["commit", "-q", "--only", "-m", message, "--", *files], env=env)
    return repo.head()


def _push(repo: Repo, remote: str, refspec: str, cancel: CancelToken | None,
          progress: Progress | None, upstream: bool = False) -> bool:
    """Push; False when the remote refused because it moved on (never forced)."""
    args = ["push", "--progress", *(["-u"] if upstream else []), remote, refspec]
    result = repo.git.run(args, check=False, network=True, timeout=NETWORK_TIMEOUT,
                          cancel=cancel, progress=progress)
    if result.returncode == 0:
        return True
    if _REJECTED_RE.search(result.stderr) and "hook declined" not in result.stderr:
        return False
    raise classify(args, result.stderr)


def _send(repo: Repo, remote: str, files: list[str], message: str, env: dict[str, str],
          cancel: CancelToken | None, progress: Progress | None) -> SendResult:
    branch = repo.branch()
    if branch is None:
        raise SendRefused("the site is not on a branch; open a terminal to fix it")
    result = SendResult(files=files, branch=branch)
    result.commit = _commit(repo, files, message, env)
    upstream = repo.upstream()
    target = upstream.split("/", 1)[1] if upstream and upstream.startswith(remote + "/") \
        else branch
    if result.commit is None and upstream is not None:
        status = repo.git.out(["rev-list", "--count", "@{upstream}..HEAD"])
        if status == "0":
            result.files = []
            return result
    refspec = f"HEAD:refs/heads/{target}"
    if _push(repo, remote, refspec, cancel, progress, upstream=upstream is None):
        return result
    # A colleague sent first: get the latest, then try once more.
    result.retried = True
    result.latest = _get_latest(repo, cancel, progress, env)
    result.conflicts = [c for c in result.latest.conflicts]
    if result.conflicts:
        return result
    if not _push(repo, remote, refspec, cancel, progress):
        raise SendRefused("the shared repository refused the post twice; try Send again")
    return result


def _send_review(repo: Repo, remote: str, posts: list[Path], files: list[str], message: str,
                 env: dict[str, str], cancel: CancelToken | None,
                 progress: Progress | None) -> SendResult:
    """Commit the files on top of the shared branch in a scratch index; push to drafts/."""
    branch = f"drafts/{_slug(Path(posts[0]))}"
    result = SendResult(files=files, branch=branch)
    tracking = f"refs/dateline/review/{branch}"
    fetched = repo.git.run(["fetch", remote, f"+refs/heads/{branch}:{tracking}"], check=False,
                           network=True, timeout=NETWORK_TIMEOUT, cancel=cancel)
    if fetched.returncode == 0:
        parent = repo.git.out(["rev-parse", tracking])
    else:
        if "couldn't find remote ref" not in fetched.stderr:
            raise classify(["fetch"], fetched.stderr)
        parent = repo.git.out(["rev-parse", "@{upstream}"]) if repo.upstream() else (
            repo.head() or "")
    index = repo.state_dir / "review-index"
    repo.state_dir.mkdir(parents=True, exist_ok=True)
    index_env = {"GIT_INDEX_FILE": str(index)}
    try:
        if parent:
            repo.git.run(["read-tree", parent], env=index_env)
        else:
            repo.git.run(["read-tree", "--empty"], env=index_env)
        repo.git.run(["add", "-A", "--", *files], env=index_env)
        tree = repo.git.run(["write-tree"], env=index_env).stdout.strip()
    finally:
        index.unlink(missing_ok=True)
    if parent and repo.git.out(["rev-parse", f"{parent}^{{tree}}"]) == tree:
        result.files = []
    else:
        args = ["commit-tree", tree, "-m", message, *(["-p", parent] if parent else [])]
        result.commit = repo.git.run(args, env=env).stdout.strip()
        if not _push(repo, remote, f"{result.commit}:refs/heads/{branch}", cancel, progress):
            raise SendRefused(f"{branch} changed on the shared repository meanwhile; send again")
    base = repo.upstream()
    base_branch = base.split("/", 1)[1] if base else (repo.branch() or "main")
    result.review_url = compare_url(repo.remote_url(remote), base_branch, branch)
    return result


def compare_url(remote_url: str, base: str, branch: str) -> str | None:
    """The web page that compares ``branch`` with ``base`` on GitHub, GitLab or Gitea/Forgejo
    (from the remote URL's pattern alone; None for other hosts)."""
    m = re.match(r"^(?:[a-z+]+://)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]+(.+?)(?:\.git)?/?$",
                 remote_url.strip())
    if not m or remote_url.startswith(("file:", "/")):
        return None
    host, path = m.group(1).lower(), m.group(2)
    if host == "github.com" or host.startswith("github."):
        return f"https://{host}/{path}/compare/{base}...{branch}?expand=1"
    if "gitlab" in host:
        return (f"https://{host}/{path}/-/merge_requests/new?"
                f"merge_request%5Bsource_branch%5D={branch}"
                f"&merge_request%5Btarget_branch%5D={base}")
    if "gitea" in host or "forgejo" in host or host == "codeberg.org":
        return f"https://{host}/{path}/compare/{base}...{branch}"
    return None
