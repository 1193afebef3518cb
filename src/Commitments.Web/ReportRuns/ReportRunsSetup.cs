using Commitments.Web.FrozenReports;
using Hangfire;

namespace Commitments.Web.ReportRuns;

public static class ReportRunsSetup
{
    /// <summary>Frozen reports (the freeze, the data layer's refusal as a page) and reports built by a job.</summary>
    public static IServiceCollection AddFrozenReportsAndRuns(this IServiceCollection services)
    {
        services.AddScoped<CycleFreezer>();
        services.AddScoped<CycleFreezeRequests>();
        services.AddScoped<CycleFreezeJob>();
        services.AddScoped<ReportRunRequests>();
        services.AddScoped<ReportRunJob>();
        services.AddScoped<ReportRunRetention>();
        // Every page: a save the data layer refuses because its cycle is frozen answers 409 with the reason.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<FrozenCycleRefusalFilter>());
        return services;
    }

    public static WebApplication UseReportRunRetention(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReportRunRetention>(
            ReportRunRetention.RecurringJobId,
            job => job.RunAsync(CancellationToken.None),
            ReportRunRetention.Cron,
            new RecurringJobOptions { TimeZone = AmsterdamTime.Zone });
        return app;
    }
}
