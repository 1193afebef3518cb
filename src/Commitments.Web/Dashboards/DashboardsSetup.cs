namespace Commitments.Web.Dashboards;

public static class DashboardsSetup
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        // Scoped, like the DbContext: the figures are those of the request's data scope.
        services.AddScoped<DashboardQueries>();
        // One per application instance; valid across instances through the database's counter (ADR-0022).
        services.AddSingleton<DashboardCache>();
        // The commitment list's counts, valid by the same counter.
        services.AddSingleton<Pages.Commitments.ListCounts>();
        return services;
    }
}
