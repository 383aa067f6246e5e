-- view: engagements_by_year_type
-- description: Number of engagements per year and engagement type.
CREATE VIEW engagements_by_year_type AS
SELECT year(start_date) AS year, engagement_type, count(*) AS engagements
FROM engagements
GROUP BY ALL
ORDER BY year, engagement_type;
