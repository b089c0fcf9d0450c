"""A message's score, as a lead reads it: the same slip weighs less in a longer message, a missing move weighs
the same however long the message, an error is critical, and a group scores its messages' mean."""

from __future__ import annotations

from lexlint import score


def test_the_same_phrase_slip_weighs_less_in_a_longer_message(default_linter):
    from lexlint.sources.rows import message_segment

    short = "You need to restart the router."
    long = short + " " + " ".join(["The lights on the front should then turn green within a minute or two."] * 8)
    scores = {}
    for text in (short, long):
        findings = [f for f in default_linter.lint([message_segment("m", text)]) if f.rule == "you-need-to"]
        assert len(findings) == 1 and not findings[0].ordering
        scores[text] = score.message_score(findings, findings[0].message_words)
    assert scores[short] == 90.0  # a warning takes 10 points from a message of up to 75 words
    assert score.words(long) > 75 and 90.0 < scores[long] < 100.0


def test_a_missing_move_weighs_the_same_however_long_the_message(default_linter):
    from lexlint.sources.rows import message_segment

    problem = "My parcel never arrived and I'm furious."
    fixes = ("I've sent a new parcel today.", "I've sent a new parcel today. " + "It ships by courier. " * 40)
    for text in fixes:
        findings = default_linter.lint([message_segment("m", text, context=problem)])
        ordering = [f for f in findings if f.rule == "empathy-before-fix"]
        assert ordering and ordering[0].ordering
        assert score.message_score(ordering, ordering[0].message_words) == 80.0


def test_an_error_caps_the_score_and_a_group_scores_its_mean(default_linter):
    from lexlint.sources.rows import message_segment

    draft = message_segment("m", "Hi {{ticket.requester.first_name}, your order has shipped.")
    findings = default_linter.lint([draft])
    assert any(f.severity == "error" for f in findings)
    assert score.message_score(findings, score.words(draft.text)) <= score.CRITICAL_CAP
    assert score.lowest([]) == score.PERFECT == score.mean([])
    assert score.mean([100.0, 80.0, 50.5]) == 76.8
