"""A BPE file imported on the Aménités page is an import batch: listed, undoable, all or nothing."""

from __future__ import annotations

import pytest

from accueil.domain.amenities import AmenitySource
from accueil.domain.offers import Amenity
from accueil.services import amenites, importing
from accueil.store import amenities as amenity_store
from accueil.store import imports as imports_store
from accueil.store.db import Store
from tests.builders import ADMIN, AURILLAC, SAINT_FLOUR

HEADER = "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP"


def bpe_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


FIRST = bpe_file(f"84;15;{SAINT_FLOUR};{SAINT_FLOUR}_0000;2024;D265;4",
                 f"84;15;{AURILLAC};{AURILLAC}_0000;2024;D307;3")
SECOND = bpe_file(f"84;15;{SAINT_FLOUR};{SAINT_FLOUR}_0000;2024;D265;6")


def counts(store: Store, commune: str) -> dict[Amenity, tuple[int, AmenitySource]]:
    profile = amenity_store.load_profile(store, commune)
    return {a: (c.count, c.source) for a, c in profile.counts.items()}


def test_a_bpe_import_is_listed_and_undoing_it_leaves_the_communes_unknown_again(
        store: Store) -> None:
    message = amenites.import_bpe(store, amenites.preview_bpe(FIRST, "bpe24.csv"), by=ADMIN)
    assert "Import n° " in message
    assert "annulable" in message
    [batch] = importing.history(store)
    assert (batch.target, batch.file_name, batch.total_rows) == ("amenities", "bpe24.csv", 2)
    assert batch.imported_rows == batch.remaining == 2 * 8  # two communes, 8 BPE categories
    table = importing.history_table([batch])
    assert table.loc[0, "Contenu"] == "Aménités (BPE)"
    assert table.loc[0, "État"] == "En place"
    assert counts(store, SAINT_FLOUR)[Amenity.MEDECIN] == (4, AmenitySource.BPE)
    removal, changes = importing.undo_warning(batch)
    assert "16 nombres de services retirés" in removal
    assert changes == ""
    undone = importing.undo(store, batch, by=ADMIN)
    assert undone.done, undone.message
    assert "16 nombres de services supprimés" in undone.message
    assert counts(store, SAINT_FLOUR) == {}
    assert counts(store, AURILLAC) == {}
    assert importing.history(store)[0].undone


def test_undoing_a_second_bpe_file_puts_the_first_one_s_counts_back_and_keeps_hand_typed_ones(
        store: Store) -> None:
    amenites.import_bpe(store, amenites.preview_bpe(FIRST, "bpe23.csv"), by=ADMIN)
    amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.PHARMACIE: 1}, "")  # typed by hand
    amenites.import_bpe(store, amenites.preview_bpe(SECOND, "bpe24.csv"), by=ADMIN)
    second, first = importing.history(store)
    assert counts(store, SAINT_FLOUR)[Amenity.MEDECIN] == (6, AmenitySource.BPE)
    assert first.remaining == 8  # Aurillac's
    assert second.remaining == 7  # Saint-Flour's, but the count typed by hand
    assert importing.batch_state(first) == "En place (8 remplacés depuis)"
    assert importing.undo(store, second, by=ADMIN).done
    after = counts(store, SAINT_FLOUR)
    assert after[Amenity.MEDECIN] == (4, AmenitySource.BPE)  # the first file's figure again
    assert after[Amenity.PHARMACIE] == (1, AmenitySource.MANUEL)
    assert counts(store, AURILLAC)[Amenity.PHARMACIE] == (3, AmenitySource.BPE)
    assert [b.remaining for b in importing.history(store)] == [0, 15]
    assert importing.undo(store, first, by=ADMIN).done
    assert counts(store, SAINT_FLOUR) == {Amenity.PHARMACIE: (1, AmenitySource.MANUEL)}
    assert counts(store, AURILLAC) == {}
    again = importing.undo(store, first, by=ADMIN)
    assert not again.done
    assert "déjà été annulé" in again.message


def test_a_bpe_import_that_fails_while_recording_writes_nothing(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = amenites.preview_bpe(FIRST, "bpe24.csv")

    def broken(*_args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(amenity_store, "record_batch", broken)
    with pytest.raises(RuntimeError):
        amenites.import_bpe(store, plan, by=ADMIN)
    assert counts(store, SAINT_FLOUR) == {}
    assert imports_store.batches(store) == []
