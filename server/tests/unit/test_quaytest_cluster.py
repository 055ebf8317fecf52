"""The testkit's second node on one database (`python -m quaytest up quayref --share-db`), without processes:
molecule's multi-node scenario (extensions/molecule/default) starts the real ones."""

import pytest

from quaytest import cli, cluster, config as quayref_config


def _owner(tmp_path):
    owner = tmp_path / "node1"
    owner.mkdir()
    quayref_config.write(str(owner / "config.yaml"), quayref_config.compose(str(owner), DB_URI="sqlite:///%s/quay.db" % owner,
                                                                            SERVER_HOSTNAME="node1.test"))
    return owner


def test_a_sharer_takes_the_database_secret_and_audit_file_of_the_owner_and_nothing_else(tmp_path):
    owner = _owner(tmp_path)
    args = cli.parser().parse_args(["up", "quayref", "--dir", str(tmp_path / "node2"), "--share-db", str(owner),
                                    "--set", "SERVER_HOSTNAME=node2.test"])
    config = cli._compose(args, str(tmp_path / "node2"))  # pylint: disable=protected-access
    assert config["DB_URI"] == "sqlite:///%s/quay.db" % owner
    assert config["AUDIT_LOG_PATH"] == str(owner / "audit.jsonl")
    assert config["SECRET_KEY"] == quayref_config.SECRET_KEY
    assert config["SERVER_HOSTNAME"] == "node2.test"


def test_sharing_a_database_no_node_runs_is_refused_by_name(tmp_path, capsys):
    with pytest.raises(SystemExit, match="no quayref in .*nowhere: run `python -m quaytest up quayref"):
        cli.main(["up", "quayref", "--dir", str(tmp_path / "node2"), "--share-db", str(tmp_path / "nowhere")])
    assert not (tmp_path / "node2" / "state.json").exists()
    capsys.readouterr()


def test_down_of_the_owner_stops_its_sharers_first_and_each_node_once(tmp_path):
    owner = _owner(tmp_path)
    cluster.add_sharer(str(owner), "/n/2")
    cluster.add_sharer(str(owner), "/n/3")
    cluster.add_sharer(str(owner), "/n/2")
    assert cluster.with_sharers([str(owner), "/n/3"]) == ["/n/2", "/n/3", str(owner)]
    assert cluster.shared_state({"admin": "admin", "admin_password": "p", "pid": 1, "url": "u"}) == {"admin": "admin", "admin_password": "p"}
