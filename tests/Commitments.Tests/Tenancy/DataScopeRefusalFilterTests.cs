using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Commitments.Tests.Tenancy;

/// <summary>A write refused by the data layer answers 403 on every page, never a 500.</summary>
public sealed class DataScopeRefusalFilterTests
{
    [Fact]
    public void A_refused_write_becomes_403_and_other_errors_pass_through()
    {
        var filter = new DataScopeRefusalFilter(NullLogger<DataScopeRefusalFilter>.Instance);
        var refused = Context(new DataScopeViolationException("Write refused for table Indicators"));
        filter.OnException(refused);
        Assert.True(refused.ExceptionHandled);
        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsType<StatusCodeResult>(refused.Result).StatusCode);

        var other = Context(new InvalidOperationException("iets anders"));
        filter.OnException(other);
        Assert.False(other.ExceptionHandled);
        Assert.Null(other.Result);
    }

    [Fact]
    public async Task The_application_applies_it_to_every_page()
    {
        await using var app = new SqliteWebFactory();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            var mvc = app.Services.GetRequiredService<IOptions<MvcOptions>>().Value;
            Assert.Contains(mvc.Filters, f => f is TypeFilterAttribute { ImplementationType: var t } && t == typeof(DataScopeRefusalFilter));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private static ExceptionContext Context(Exception exception) =>
        new(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()), []) { Exception = exception };
}
