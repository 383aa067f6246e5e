-- view: roll_call_votes
-- description: One row per UN roll call with Pakistan's and the Soviet Union's or Russia's votes side by side, whether both cast a vote, and whether they voted the same way.
CREATE VIEW roll_call_votes AS
WITH cites AS (
    SELECT c.roll_call_id, count(*) AS source_count,
           string_agg(coalesce(s.url, s.title), '; ' ORDER BY s.source_id) AS source_urls
    FROM roll_call_sources c
    JOIN sources s USING (source_id)
    GROUP BY c.roll_call_id
), pak AS (
    SELECT roll_call_id, vote, is_inferred FROM country_votes WHERE country = 'PAK'
), rus AS (
    SELECT roll_call_id, country, vote, is_inferred FROM country_votes WHERE country IN ('RUS', 'SUN')
)
SELECT r.roll_call_id, r.body, r."date", year(r."date") AS year, r.session,
       r.resolution_symbol, r.draft_symbol, r.meeting_record, r.title, r.topic,
       r.yes_count, r.no_count, r.abstain_count, r.outcome, r.voeten_rcid,
       pak.vote AS pakistan_vote, rus.country AS russia_country, rus.vote AS russia_vote,
       (pak.vote IN ('yes', 'no', 'abstain') AND rus.vote IN ('yes', 'no', 'abstain')) AS both_voted,
       CASE WHEN pak.vote IN ('yes', 'no', 'abstain') AND rus.vote IN ('yes', 'no', 'abstain')
            THEN pak.vote = rus.vote END AS same_vote,
       (pak.is_inferred OR rus.is_inferred) AS has_inferred_vote,
       coalesce(c.source_count, 0) AS source_count, c.source_urls, r.notes
FROM roll_calls r
LEFT JOIN pak ON pak.roll_call_id = r.roll_call_id
LEFT JOIN rus ON rus.roll_call_id = r.roll_call_id
LEFT JOIN cites c ON c.roll_call_id = r.roll_call_id
ORDER BY r."date", r.roll_call_id;
