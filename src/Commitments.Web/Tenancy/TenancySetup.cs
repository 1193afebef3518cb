using Commitments.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commitments.Web.Tenancy;

public static class TenancySetup
{
    public static IServiceCollection AddDataScopes(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<DataScopeAccessor>();
        services.AddScoped<IDataScopeAccessor>(sp => sp.GetRequiredService<DataScopeAccessor>());
        services.TryAddSingleton(TimeProvider.System);
        // Every page: a write the data layer refuses answers 403, not 500.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<DataScopeRefusalFilter>());
        return services;
    }
}
