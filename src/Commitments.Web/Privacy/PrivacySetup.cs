using Commitments.Web.Faults;
using Hangfire;

namespace Commitments.Web.Privacy;

public static class PrivacySetup
{
    /// <summary>
    /// Secrets at rest and personal data (ADR-0018): the data-protection keys encrypted with a
    /// certificate, the retention job, the personal-data export and account anonymisation.
    /// </summary>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.AddKeyProtection();
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.SentMailDays >= 1 && o.InvitationDays >= 1 && o.ReminderLogDays >= 7,
                "Retention: SentMailDays and InvitationDays must be at least 1, ReminderLogDays at least 7.")
            .ValidateOnStart();
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<AccountAnonymizer>();
        return builder;
    }

    /// <summary>The 503 page for an unreachable database, and the nightly retention job.</summary>
    public static WebApplication UsePrivacyJobs(this WebApplication app)
    {
        var cron = app.Configuration[$"{RetentionOptions.Section}:Cron"] is { Length: > 0 } configured ? configured : new RetentionOptions().Cron;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            cron,
            new RecurringJobOptions { TimeZone = AmsterdamTime.Zone });
        return app;
    }
}
