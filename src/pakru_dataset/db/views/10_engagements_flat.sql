-- view: engagements_flat
-- description: One row per engagement with each side's participants (name and role) and the source URLs inline: the flat file for spreadsheets.
CREATE VIEW engagements_flat AS
WITH people AS (
    SELECT p.engagement_id, p.side,
           string_agg(a.name || coalesce(' (' || p.role || ')', ''), '; ' ORDER BY a.name) AS names
    FROM engagement_participants p
    JOIN actors a USING (actor_id)
    GROUP BY p.engagement_id, p.side
), cites AS (
    SELECT c.engagement_id, count(*) AS source_count,
           string_agg(coalesce(s.url, s.title), '; ' ORDER BY s.source_id) AS source_urls
    FROM engagement_sources c
    JOIN sources s USING (source_id)
    GROUP BY c.engagement_id
)
SELECT e.engagement_id, e.start_date, e.end_date, e.date_precision, e.title,
       e.engagement_type, e.level,
       pk.names AS pakistan_participants, ru.names AS russia_participants,
       ot.names AS other_participants,
       e.location_city, e.location_country, e.forum, e.summary,
       coalesce(c.source_count, 0) AS source_count, c.source_urls, e.notes,
       year(e.start_date) AS year
FROM engagements e
LEFT JOIN people pk ON pk.engagement_id = e.engagement_id AND pk.side = 'pakistan'
LEFT JOIN people ru ON ru.engagement_id = e.engagement_id AND ru.side = 'russia'
LEFT JOIN people ot ON ot.engagement_id = e.engagement_id AND ot.side = 'other'
LEFT JOIN cites c ON c.engagement_id = e.engagement_id
ORDER BY e.engagement_id;
