-- view: fact_reliability
-- since: 1.2.0
-- description: One row per engagement, agreement, roll call and event with the reliability level of its best cited source (levels ranked as in sources.reliability: 1 official_record … 6 low_authority), how many sources it cites and how many of them sit at that best level.
CREATE VIEW fact_reliability AS
WITH levels (reliability, rank) AS (
    VALUES ('official_record', 1), ('un_record', 2), ('news_of_record', 3),
           ('reference', 4), ('other_news', 5), ('low_authority', 6)
),
cites AS (
    SELECT 'engagements' AS fact_table, engagement_id AS record_id, source_id FROM engagement_sources
    UNION ALL SELECT 'agreements', agreement_id, source_id FROM agreement_sources
    UNION ALL SELECT 'roll_calls', roll_call_id, source_id FROM roll_call_sources
    UNION ALL SELECT 'events', event_id, source_id FROM event_sources
),
facts AS (
    SELECT 'engagements' AS fact_table, engagement_id AS record_id, start_date AS "date", title
    FROM engagements
    UNION ALL SELECT 'agreements', agreement_id, signed_date, title FROM agreements
    UNION ALL SELECT 'roll_calls', roll_call_id, "date", title FROM roll_calls
    UNION ALL SELECT 'events', event_id, event_date, title FROM events
),
ranked AS (
    SELECT c.fact_table, c.record_id, c.source_id, l.rank
    FROM cites c JOIN sources s USING (source_id) JOIN levels l USING (reliability)
),
best AS (
    SELECT fact_table, record_id, min(rank) AS best_rank, count(*) AS source_count
    FROM ranked GROUP BY ALL
)
SELECT f.fact_table, f.record_id, f."date", f.title, l.reliability AS best_reliability, b.best_rank,
       b.source_count,
       (SELECT string_agg(r.source_id, '; ' ORDER BY r.source_id) FROM ranked r
        WHERE r.fact_table = f.fact_table AND r.record_id = f.record_id AND r.rank = b.best_rank)
           AS best_source_ids
FROM facts f
LEFT JOIN best b USING (fact_table, record_id)
LEFT JOIN levels l ON l.rank = b.best_rank
ORDER BY f.fact_table, f.record_id;
