"""What tests share besides fixtures (the fixtures themselves are in tests/conftest.py).

- `catalogs`: where the catalogues tests start from (the sample, the golden base case, a fresh
  `shenguan init` one with reviewers enrolled), the pinned date;
- `git`: plain git with a fixed author, and a commit of everything;
- `keys`: real ssh-keygen keys;
- `files`: edits and snapshots of record files;
- `signoffs`: sign-offs written the way an attacker or a careless reviewer would;
- `cli`: the in-process runner behind the `cli` fixture.

Helpers import from here, never from a conftest or from another test module. Nothing here is mocked:
git, ssh-keygen and `shenguan init` run for real.
"""
