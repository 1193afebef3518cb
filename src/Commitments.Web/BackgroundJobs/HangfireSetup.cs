using Commitments.Core.Persistence;
using Commitments.Web.Data;
using Commitments.Web.Email;
using Commitments.Web.Reminders;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace Commitments.Web.BackgroundJobs;

public static class HangfireSetup
{
    public const string DashboardPath = "/beheer/taken";

    /// <summary>
    /// Hangfire's storage follows the product's database: a SQLite file beside the embedded database,
    /// or the same PostgreSQL server. "Hangfire:ServerEnabled" = false keeps a process from executing
    /// jobs (tests, or a web node that should only serve pages).
    /// </summary>
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        // The storage is a service of this host, not Hangfire's process-wide JobStorage.Current (which
        // UseXxxStorage sets): the dashboard, the recurring-job manager and the server all take it from
        // DI, so two hosts in one process (tests) never share or swap each other's storage. It follows
        // the database registration (AddCommitmentsDatabase) rather than reading configuration again.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var database = services.GetRequiredService<DatabaseConnection>();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                var postgres = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, postgres), postgres);
            }
            var dataDirectory = services.GetRequiredService<DataDirectory>().Path;
            Directory.CreateDirectory(dataDirectory);
            return new SQLiteStorage(Path.Combine(dataDirectory, "hangfire.db"), new SQLiteStorageOptions());
        });
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (builder.Configuration.GetValue("Hangfire:ServerEnabled", true))
        {
            builder.Services.AddHangfireServer(o => o.WorkerCount = builder.Configuration.GetValue("Hangfire:WorkerCount", 2));
        }
        builder.Services.AddScoped<ProgressReminderJob>();
        builder.Services.AddScoped<WeeklyDigestJob>();
        return builder;
    }

    /// <summary>Dashboard for administrators only (also in production), and the recurring jobs.</summary>
    public static WebApplication UseBackgroundJobs(this WebApplication app)
    {
        // Mapped as an endpoint (not a middleware branch), so it is one of the application's routes: the
        // fallback policy sends anonymous visitors to the sign-in page, and the route × role matrix test sees it.
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdministratorsOnlyDashboardFilter()],
            AsyncAuthorization = [],
            DashboardTitle = "Techniekpact – achtergrondtaken",
            AppPath = "/Admin",
        });

        var recurringJobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var amsterdam = AmsterdamTime.Zone;
        recurringJobs.AddOrUpdate<ProgressReminderJob>(
            ProgressReminderJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            ProgressReminderJob.Cron,
            new RecurringJobOptions { TimeZone = amsterdam });
        recurringJobs.AddOrUpdate<WeeklyDigestJob>(
            WeeklyDigestJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            WeeklyDigestJob.Cron,
            new RecurringJobOptions { TimeZone = amsterdam });
        // The outbox is drained every minute; a message waits at most that long after its save.
        recurringJobs.AddOrUpdate<OutboxDispatcher>(
            OutboxDispatcher.RecurringJobId,
            dispatcher => dispatcher.DeliverDueAsync(CancellationToken.None),
            OutboxDispatcher.Cron,
            new RecurringJobOptions { TimeZone = amsterdam });
        return app;
    }
}
