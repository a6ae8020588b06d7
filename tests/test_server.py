"""The shared database's address: checked and said in Chinese; a SQLite workspace's path left as it is."""

from __future__ import annotations

import pytest

from gongkai_desktop import server
from gongkai_desktop.cli import main
from gongkai_desktop.errors import DomainError
from gongkai_desktop.workspace import DB_FILE, Workspace


def test_a_folder_name_with_percent_signs_spaces_and_chinese_stays_the_same_file(tmp_path) -> None:
    folder = tmp_path / "审核 办公室" / "a%20b"
    with Workspace.open(folder) as ws:
        assert ws.path == folder / DB_FILE
    assert (folder / DB_FILE).exists() and not (tmp_path / "审核 办公室" / "a b").exists()


@pytest.mark.parametrize("url, code", [
    ("mysql://u:p@h/db", "bad_db_url"),
    ("postgresql://u:p@h", "bad_db_url"),
    ("not a url", "bad_db_url"),
])
def test_addresses_that_are_not_a_postgresql_database_are_refused(url: str, code: str) -> None:
    with pytest.raises(DomainError) as err:
        server.normalise(url)
    assert err.value.code == code and "postgresql://" in err.value.message


def test_an_unreachable_server_is_one_chinese_line_and_a_non_zero_exit(tmp_path, capsys) -> None:
    code = main(["--data-dir", str(tmp_path), "--db", "postgresql://gongkai:secret@127.0.0.1:1/office", "review", "list"])
    err = capsys.readouterr().err
    assert code == 2 and "连接不上数据库服务器 127.0.0.1:1" in err and "Traceback" not in err
    assert "secret" not in err
    assert server.shown("postgresql://gongkai:secret@h/office") == "postgresql+psycopg://gongkai:***@h/office"
