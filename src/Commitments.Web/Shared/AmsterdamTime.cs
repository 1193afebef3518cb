namespace Commitments.Web;

/// <summary>The pact works on Dutch time: deadlines, reminders and "generated at" are Europe/Amsterdam.</summary>
public static class AmsterdamTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateTime ToAmsterdam(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The wall-clock time in Amsterdam now, by the given clock.</summary>
    public static DateTime Now(TimeProvider time) => ToAmsterdam(time.GetUtcNow().UtcDateTime);
}
