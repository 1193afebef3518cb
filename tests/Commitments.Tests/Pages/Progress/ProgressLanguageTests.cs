using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Pages.Progress;

/// <summary>The progress pages in English, with Dutch numbers, and the mails in the recipient's language.</summary>
public sealed class ProgressLanguageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task The_progress_pages_are_English_after_switching_with_English_numbers()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Engelse weergave", indicators: [("leerlingen", 1000m, 2500m)]);
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted, value: 1234.5m);
        using var lead = await app.SignInAsync(world.LeadEmail);
        await SwitchToEnglishAsync(lead);

        var (_, overview) = await lead.GetPageAsync("/Progress/NotReported");
        Assert.Equal("en", overview.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Who has not reported yet", overview.QuerySelector("h1")!.TextContent);
        Assert.Contains("Not reported yet", overview.QuerySelector("nav.main-nav")!.TextContent);
        Assert.Equal("Submitted", overview.QuerySelector($"tr[data-commitment='{commitment.Id}'] .state")!.TextContent.Trim());

        var (_, form) = await lead.GetPageAsync(ProgressForm.Url(commitment.Id));
        Assert.Equal($"Progress {ProgressWorld.CycleYear}", form.QuerySelector("h1")!.TextContent);
        Assert.Contains("1,234.5", form.QuerySelector("table")!.TextContent);
        Assert.Contains("15.6%", form.QuerySelector("table")!.TextContent); // (1,234.5 − 1,000) / 1,500
        Assert.Contains("At risk", form.QuerySelector("dl.facts:last-of-type")!.TextContent);

        var (_, review) = await lead.GetPageAsync($"/Progress/Review/{update.Id}");
        Assert.Equal($"Review progress {ProgressWorld.CycleYear}", review.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Approve", "Return"], review.QuerySelectorAll("main form button").Select(b => b.TextContent).ToList());

        var (_, history) = await lead.GetPageAsync($"/Progress/History/{commitment.Id}");
        Assert.Equal("Progress over the years", history.QuerySelector("h1")!.TextContent);
        Assert.Contains("baseline 1,000, target 2,500", history.QuerySelector("caption")!.TextContent);

        using var partner = await app.SignInAsync(world.PartnerEmail);
        await SwitchToEnglishAsync(partner);
        var draftCommitment = await world.CommitmentAsync("Engels formulier");
        var (_, editable) = await partner.GetPageAsync(ProgressForm.Url(draftCommitment.Id));
        Assert.Equal(["Save as draft", "Submit"], editable.QuerySelectorAll("form[enctype] button").Select(b => b.TextContent).ToList());
        Assert.Contains("at most 10 MB per file", editable.QuerySelector("#Form_EvidenceFile_hint")!.TextContent);
    }

    private static async Task SwitchToEnglishAsync(TestBrowser browser)
    {
        var (_, page) = await browser.GetPageAsync("/");
        var form = (IHtmlFormElement)page.QuerySelector("form.language-switch")!;
        if (form.QuerySelector("input[name=culture]")!.GetAttribute("value") != "en-GB")
        {
            return; // already English: the account's stored language was applied at sign-in
        }
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        var response = await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
