-- view: agreements_by_sector_status
-- description: Number of agreements per sector and latest known status, with the first and last signature year.
CREATE VIEW agreements_by_sector_status AS
SELECT sector, status, count(*) AS agreements,
       min(year(signed_date)) AS first_year, max(year(signed_date)) AS last_year
FROM agreements
GROUP BY ALL
ORDER BY sector, status;
