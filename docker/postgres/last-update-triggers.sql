-- The seeds' "last updated" trigger (Hydrating a Data Lake using Query-based CDC): query-based CDC in
-- timestamp mode only sees a changed row if its last_update moves, so every UPDATE sets it to now().
-- Installed on address, city and country, as the post describes. Idempotent.
CREATE OR REPLACE FUNCTION public.update_last_update_column()
RETURNS TRIGGER AS
$$
BEGIN
    NEW.last_update = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS update_last_update_column_address ON public.address;
CREATE TRIGGER update_last_update_column_address
    BEFORE UPDATE ON public.address
    FOR EACH ROW EXECUTE PROCEDURE public.update_last_update_column();

DROP TRIGGER IF EXISTS update_last_update_column_city ON public.city;
CREATE TRIGGER update_last_update_column_city
    BEFORE UPDATE ON public.city
    FOR EACH ROW EXECUTE PROCEDURE public.update_last_update_column();

DROP TRIGGER IF EXISTS update_last_update_column_country ON public.country;
CREATE TRIGGER update_last_update_column_country
    BEFORE UPDATE ON public.country
    FOR EACH ROW EXECUTE PROCEDURE public.update_last_update_column();
