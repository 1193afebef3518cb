using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commitments.Web.Reporting;

public static class ReportingSetup
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        // Scoped, like the DbContext it reads through: the report sees exactly the request's or job's scope.
        services.AddScoped<AnnualReportBuilder>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
