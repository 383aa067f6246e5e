-- view: agreements_flat
-- description: One row per agreement with parties and signatories per side, the engagement it was signed at, what it amends, and the source URLs inline.
CREATE VIEW agreements_flat AS
WITH parties AS (
    SELECT p.agreement_id, p.side, p.party_role,
           string_agg(a.name || coalesce(' (' || p.role || ')', ''), '; ' ORDER BY a.name) AS names
    FROM agreement_parties p
    JOIN actors a USING (actor_id)
    GROUP BY p.agreement_id, p.side, p.party_role
), cites AS (
    SELECT c.agreement_id, count(*) AS source_count,
           string_agg(coalesce(s.url, s.title), '; ' ORDER BY s.source_id) AS source_urls
    FROM agreement_sources c
    JOIN sources s USING (source_id)
    GROUP BY c.agreement_id
)
SELECT g.agreement_id, g.signed_date, g.date_precision, g.title, g.agreement_type,
       g.sector, g.status, g.status_date, g.signed_location_city, g.signed_location_country,
       g.value_usd,
       pp.names AS pakistan_parties, ps.names AS pakistan_signatories,
       rp.names AS russia_parties, rs.names AS russia_signatories,
       og.names AS guarantors,
       g.engagement_id, e.title AS engagement_title,
       g.amends_agreement_id, m.title AS amends_title,
       g.summary, coalesce(c.source_count, 0) AS source_count, c.source_urls, g.notes,
       year(g.signed_date) AS year
FROM agreements g
LEFT JOIN parties pp ON pp.agreement_id = g.agreement_id AND pp.side = 'pakistan' AND pp.party_role = 'party'
LEFT JOIN parties ps ON ps.agreement_id = g.agreement_id AND ps.side = 'pakistan' AND ps.party_role = 'signatory'
LEFT JOIN parties rp ON rp.agreement_id = g.agreement_id AND rp.side = 'russia' AND rp.party_role = 'party'
LEFT JOIN parties rs ON rs.agreement_id = g.agreement_id AND rs.side = 'russia' AND rs.party_role = 'signatory'
LEFT JOIN (
    SELECT agreement_id, string_agg(names, '; ' ORDER BY names) AS names
    FROM parties WHERE party_role = 'guarantor' GROUP BY agreement_id
) og ON og.agreement_id = g.agreement_id
LEFT JOIN engagements e ON e.engagement_id = g.engagement_id
LEFT JOIN agreements m ON m.agreement_id = g.amends_agreement_id
LEFT JOIN cites c ON c.agreement_id = g.agreement_id
ORDER BY g.agreement_id;
