"""Near-duplicate clusters: the wire story and its edited copy cluster, a different story on the same event does
not; Arabic spelling variants do not split clusters; the index persists across runs, stays bounded, and the
pipeline flags or drops."""

import json
import sqlite3

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.formats.layout import partition_path
from newscrawl.items import Article
from newscrawl.state import SqliteState
from newscrawl.state.neardup import NearDupIndex
from newscrawl.state.neardup_match import DEFAULT_SPLIT, lsh_bands, lsh_split, shingles
from newscrawl.textnorm import normalize_arabic
from pipelines.export import JsonlExportPipeline
from pipelines.neardup import NearDupPipeline
from tests.fixture_site import stories
from tests.unit.components import close, component_crawler, state_of


def text_of(blocks) -> str:
    return "\n\n".join(text for _, text in blocks)


WIRE, EDITED, OTHER = text_of(stories.WIRE_BLOCKS), text_of(stories.NEARDUP_BLOCKS), text_of(stories.OTHER_BLOCKS)


def index(db=None, **kw) -> NearDupIndex:
    return NearDupIndex(db or sqlite3.connect(":memory:"), **kw)


def test_shingles_are_word_trigrams_of_the_normalized_text():
    assert shingles("a b c d") == {b"a b c", b"b c d"}
    assert shingles("قصير") == {"قصير".encode()}
    assert shingles("") == set()


def test_wire_copy_with_small_edits_shares_the_cluster_and_another_story_does_not():
    idx = index()
    first = idx.assign("wire0000000000000001", WIRE, "wadi")
    assert first.cluster_id == "wire0000000000000001" and first.similar_to is None
    verbatim = idx.assign("wire0000000000000002", WIRE, "sahel")
    edited = idx.assign("edit0000000000000003", EDITED, "nile")
    other = idx.assign("othr0000000000000004", OTHER, "qadim")
    assert verbatim.cluster_id == edited.cluster_id == "wire0000000000000001"
    assert 0.5 <= edited.similarity < 1.0
    assert other.cluster_id == "othr0000000000000004"


def test_spelling_variants_diacritics_and_tatweel_do_not_split_a_cluster():
    varied = (WIRE.replace("أ", "ا").replace("ة ", "ه ").replace("ى ", "ي ").replace("العرب", "العـــرب")
              .replace("وزراء", "وُزَرَاءُ"))
    assert normalize_arabic(varied) == normalize_arabic(WIRE)
    idx = index()
    idx.assign("a" * 20, WIRE)
    assert idx.assign("b" * 20, varied).similarity == 1.0


def test_index_persists_across_runs_and_an_article_seen_again_keeps_its_cluster(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    first = index(db)
    first.assign("a" * 20, WIRE)
    first.flush(["a" * 20])  # as the export checkpoint does, in its transaction
    db.commit()
    db.close()
    db = sqlite3.connect(path)
    idx = index(db)
    assert idx.assign("b" * 20, EDITED).cluster_id == "a" * 20  # next run, another outlet
    assert idx.assign("a" * 20, WIRE).cluster_id == "a" * 20  # fetched again (after a kill)
    assert idx.size == 1 and list(idx.pending) == ["b" * 20]  # a row waits for the export's commit
    assert idx.flush(["b" * 20]) == 1 and idx.size == 2 and not idx.pending


def test_index_is_bounded_oldest_evicted_first():
    idx = index(max_articles=10)
    for n in range(25):
        idx.assign(f"{n:020d}", f"{OTHER} رقم {n} " + " ".join(f"كلمة{n}_{i}" for i in range(40)))
        idx.flush([f"{n:020d}"])
    assert idx.size <= 10
    ids = [r[0] for r in idx.db.execute("SELECT article_id FROM neardup_docs ORDER BY seq")]
    assert ids[-1] == f"{24:020d}" and f"{0:020d}" not in ids
    seqs = {r[0] for r in idx.db.execute("SELECT DISTINCT seq FROM neardup_bands")}
    assert seqs == {r[0] for r in idx.db.execute("SELECT seq FROM neardup_docs")}


def test_changed_parameters_rebuild_or_reset_the_index():
    db = sqlite3.connect(":memory:")
    first = index(db, threshold=0.5)
    first.assign("a" * 20, WIRE)
    first.flush(["a" * 20])
    assert index(db, threshold=0.7).assign("b" * 20, WIRE).cluster_id == "a" * 20  # bands rebuilt
    fresh = index(db, num_perm=64)  # other signatures: start afresh
    assert fresh.size == 0 and fresh.assign("c" * 20, WIRE).cluster_id == "c" * 20


def article(n: int, text: str, site: str) -> Article:
    aid = f"{n:020x}"
    return Article(id=aid, url=f"https://{site}.com/{n}", canonical_url=f"https://{site}.com/{n}", site=site,
                   site_name=site, country="EG", language="ar", title="عنوان", text=text)


@pytest.mark.parametrize("action", ["flag", "drop"])
def test_pipeline_flags_by_default_or_drops_counted(tmp_path, action):
    crawler = component_crawler(tmp_path, NEWSCRAWL_NEARDUP_ACTION=action, NEWSCRAWL_TEXT_NORMALIZED=True)
    pipe = NearDupPipeline.from_crawler(crawler)
    export = JsonlExportPipeline.from_crawler(crawler)

    def through(item):  # as the crawl does: the pipeline, then the export's link step (publication order)
        item = pipe.process_item(item)
        export.linker.link([ItemAdapter(item)])
        return item

    first = through(article(1, WIRE, "wadi"))
    assert first.cluster_id == first.id and first.text_normalized == normalize_arabic(WIRE)
    if action == "flag":
        assert through(article(2, EDITED, "nile")).cluster_id == first.id
    else:
        with pytest.raises(DropItem, match="near-duplicate"):
            through(article(2, EDITED, "nile"))
        assert crawler.stats.get_value("newscrawl/site/nile/dropped/near_duplicate") == 1
    assert through(article(3, OTHER, "qadim")).cluster_id == f"{3:020x}"
    assert crawler.stats.get_value("newscrawl/neardup/clustered") == 1
    close(crawler)


def test_pipeline_rejects_an_unknown_action(tmp_path):
    crawler = component_crawler(tmp_path, NEWSCRAWL_NEARDUP_ACTION="merge")
    with pytest.raises(ValueError, match="flag, drop"):
        NearDupPipeline.from_crawler(crawler)
    close(crawler)


def test_records_recovered_after_a_kill_join_the_index_under_the_cluster_they_were_written_with(tmp_path):
    # A killed run wrote the wire story (its own cluster) and died before committing the index rows.
    wire = article(1, WIRE, "wadi")
    wire.cluster_id = wire.id
    path = partition_path(tmp_path, "jsonl", "wadi", "2026-11-27")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(dict(vars(wire)), ensure_ascii=False) + "\n", encoding="utf-8")
    with SqliteState(tmp_path / "state.sqlite3") as state:
        state.start_run("killed-run", str(tmp_path / "killed.json"))
        state.record_files("killed-run", [("wadi", str(path))])

    crawler = component_crawler(tmp_path)  # the next run: its state owner finds the killed run
    export = JsonlExportPipeline.from_crawler(crawler)
    export.open_spider()  # recovers the killed run's records
    edited = ItemAdapter(article(2, EDITED, "nile"))
    export.linker.link([edited])
    assert edited["cluster_id"] == wire.id  # the recovered copy is in the index
    assert state_of(crawler).db.execute("SELECT cluster_id FROM neardup_docs WHERE article_id=?",
                                        (wire.id,)).fetchone() == (wire.id,)
    close(crawler)


def test_reopened_index_reads_its_lsh_split_back_and_makes_no_signer_until_it_signs():
    db = sqlite3.connect(":memory:")
    assert (index(db).bands, index(db).rows) == lsh_bands(0.5, 128)
    db.execute("UPDATE neardup_params SET value='0.5/128=25x5' WHERE name='split'")
    assert lsh_split({"split": "0.5/128=7x3"}, 0.5, 128) == (7, 3)  # read back, not computed
    assert lsh_split({"split": "0.5/128=7x3"}, 0.7, 128) == lsh_bands(0.7, 128)  # another threshold: computed
    reopened = index(db)
    assert "signer" not in reopened.__dict__  # a run with nothing new never imports datasketch
    reopened.assign("a" * 20, WIRE)
    assert "signer" in reopened.__dict__


def test_the_default_split_known_without_datasketch_is_datasketchs():
    for (threshold, num_perm), split in DEFAULT_SPLIT.items():
        assert lsh_bands(threshold, num_perm) == split
        assert lsh_split({}, threshold, num_perm) == split
