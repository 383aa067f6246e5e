-- view: events_flat
-- description: One row per event (deliveries, unilateral decisions, statements, milestones) with the source URLs inline.
CREATE VIEW events_flat AS
WITH cites AS (
    SELECT c.event_id, count(*) AS source_count,
           string_agg(coalesce(s.url, s.title), '; ' ORDER BY s.source_id) AS source_urls
    FROM event_sources c
    JOIN sources s USING (source_id)
    GROUP BY c.event_id
)
SELECT v.event_id, v.event_date, v.date_precision, v.title, v.event_type, v.acting_side,
       v.location_city, v.location_country, v.agreement_id, v.engagement_id, v.value_usd,
       v.summary, coalesce(c.source_count, 0) AS source_count, c.source_urls, v.notes,
       year(v.event_date) AS year
FROM events v
LEFT JOIN cites c ON c.event_id = v.event_id
ORDER BY v.event_id;
