using System.Globalization;
using System.Reflection;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>Every label the lifecycle pages show (SMART gaps, co-partner answers, history actions and fields) reads in Dutch and in English.</summary>
public sealed class LifecycleLabelTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_lifecycle_label_has_a_Dutch_text_and_an_English_one()
    {
        var dutch = Enum.GetValues<SmartGap>().Select(g => g.Label())
            .Concat(Enum.GetValues<CoPartnerResponse>().Select(r => r.Label()))
            .Concat(Constants(typeof(AuditActions)).Select(DutchLabels.AuditAction))
            .Concat(Constants(typeof(CommitmentChanges)).Select(DutchLabels.HistoryField))
            .ToList();
        // A code shown as itself would mean a label is missing.
        Assert.All(Enum.GetValues<SmartGap>(), g => Assert.NotEqual(g.ToString(), g.Label()));
        Assert.All(Enum.GetValues<CoPartnerResponse>(), r => Assert.NotEqual(r.ToString(), r.Label()));
        Assert.All(Constants(typeof(AuditActions)), code => Assert.NotEqual(code, DutchLabels.AuditAction(code)));

        using var scope = app.Services.CreateScope();
        var localizer = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(UiCulture.English);
        try
        {
            Assert.All(dutch.Distinct(), label =>
                Assert.False(localizer[label].ResourceNotFound, $"No English text for \"{label}\" in Resources/SharedResource.en.resx."));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void The_English_of_a_label_can_be_had_on_a_Dutch_page_without_changing_the_page_language()
    {
        using var scope = app.Services.CreateScope();
        var labels = scope.ServiceProvider.GetRequiredService<PageLabels>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(UiCulture.Dutch);
        try
        {
            Assert.Equal("Enter an end date.", labels.InEnglish(l => l.Label(SmartGap.EndDate)));
            Assert.Equal("Vul een einddatum in.", labels.Label(SmartGap.EndDate));
            Assert.Equal("nl-NL", CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
