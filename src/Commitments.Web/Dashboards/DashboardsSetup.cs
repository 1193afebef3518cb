namespace Commitments.Web.Dashboards;

public static class DashboardsSetup
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        // Scoped, like the DbContext: the figures are those of the request's data scope.
        services.AddScoped<DashboardQueries>();
        return services;
    }
}
