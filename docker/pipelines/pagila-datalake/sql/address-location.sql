-- public.address_location: the seeds' pagila.query join (address -> city -> country, one row per address) kept as a
-- table, so that log-based CDC can capture it. Debezium reads the write-ahead log of tables; it cannot run the query
-- that the seeds' query-based JDBC source polled. A trigger on address keeps the table current (an insert, an update
-- of any column, a move to another city, a delete); renaming a city or a country is not propagated.
-- Idempotent: a second run changes nothing and therefore emits no change events.

CREATE TABLE IF NOT EXISTS public.address_location (
  address_id  integer PRIMARY KEY,
  address     text NOT NULL,
  address2    text,
  district    text NOT NULL,
  city        text NOT NULL,
  postal_code text,
  country     text NOT NULL,
  phone       text NOT NULL,
  last_update timestamptz NOT NULL
);

CREATE OR REPLACE FUNCTION public.address_location_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM public.address_location WHERE address_id = OLD.address_id;
    RETURN OLD;
  END IF;
  INSERT INTO public.address_location AS l (address_id, address, address2, district, city, postal_code, country, phone, last_update)
  SELECT NEW.address_id, NEW.address, NEW.address2, NEW.district, ci.city, NEW.postal_code, co.country, NEW.phone, NEW.last_update
  FROM public.city ci JOIN public.country co ON co.country_id = ci.country_id
  WHERE ci.city_id = NEW.city_id
  ON CONFLICT (address_id) DO UPDATE SET
    address = EXCLUDED.address, address2 = EXCLUDED.address2, district = EXCLUDED.district, city = EXCLUDED.city,
    postal_code = EXCLUDED.postal_code, country = EXCLUDED.country, phone = EXCLUDED.phone, last_update = EXCLUDED.last_update;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS address_location_sync ON public.address;
CREATE TRIGGER address_location_sync
  AFTER INSERT OR UPDATE OR DELETE ON public.address
  FOR EACH ROW EXECUTE FUNCTION public.address_location_sync();

-- the one-off fill: the seeds' query (001_8363fc9481db1368.txt:656-676) without its ORDER BY
INSERT INTO public.address_location AS l (address_id, address, address2, district, city, postal_code, country, phone, last_update)
SELECT a.address_id, a.address, a.address2, a.district, city.city, a.postal_code, country.country, a.phone, a.last_update
FROM public.address AS a
  INNER JOIN public.city ON a.city_id = city.city_id
  INNER JOIN public.country ON country.country_id = city.country_id
ON CONFLICT (address_id) DO UPDATE SET
  address = EXCLUDED.address, address2 = EXCLUDED.address2, district = EXCLUDED.district, city = EXCLUDED.city,
  postal_code = EXCLUDED.postal_code, country = EXCLUDED.country, phone = EXCLUDED.phone, last_update = EXCLUDED.last_update
WHERE (l.address, l.address2, l.district, l.city, l.postal_code, l.country, l.phone, l.last_update)
  IS DISTINCT FROM (EXCLUDED.address, EXCLUDED.address2, EXCLUDED.district, EXCLUDED.city, EXCLUDED.postal_code, EXCLUDED.country, EXCLUDED.phone, EXCLUDED.last_update);
