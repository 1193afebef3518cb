using Commitments.Web.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Reporting;

public sealed class ReportingSetupTests
{
    [Fact]
    public void The_report_builder_lives_as_long_as_the_request_or_job_and_its_data_scope()
    {
        var services = new ServiceCollection().AddReporting();

        var builder = Assert.Single(services, d => d.ServiceType == typeof(AnnualReportBuilder));
        Assert.Equal(ServiceLifetime.Scoped, builder.Lifetime);
        Assert.Contains(services, d => d.ServiceType == typeof(TimeProvider));
    }
}
