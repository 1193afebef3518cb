using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The list's search (ADR-0023): part of a title or of the lead partner's name, whatever the case,
/// within what the user may see; whatever is typed, the page answers and shows only real matches.
/// </summary>
public sealed class CommitmentSearchTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>The rows of the list for the search text, as (title, lead partner).</summary>
    private static async Task<List<(string Title, string Organization)>> SearchAsync(TestBrowser browser, string text, string? status = null)
    {
        var url = "/Commitments?Search=" + Uri.EscapeDataString(text) + (status == null ? "" : "&Status=" + status);
        var page = await browser.PageAsync(url);
        return page.QuerySelectorAll("tbody tr")
            .Select(tr => tr.QuerySelectorAll("td"))
            .Select(td => (td[0].TextContent, td[1].TextContent))
            .ToList();
    }

    private static void AllMatch(List<(string Title, string Organization)> rows, string text)
    {
        var term = text.Trim();
        Assert.All(rows, r => Assert.True(
            r.Title.Contains(term, StringComparison.OrdinalIgnoreCase) || r.Organization.Contains(term, StringComparison.OrdinalIgnoreCase),
            $"‘{r.Title}’ of {r.Organization} does not contain ‘{term}’"));
    }

    [Theory]
    [InlineData("zonnedak-Ørsted")]
    [InlineData("ZONNEDAK-ØRSTED")]
    [InlineData("dak-ørs")]
    [InlineData("  Zonnedak  ")]
    public async Task A_commitment_is_found_by_part_of_its_title_whatever_the_case(string text)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = $"Zonnedak-Ørsted opleiding {Guid.NewGuid():N}");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var rows = await SearchAsync(limburg, text);

        Assert.Contains(rows, r => r.Title == c.Title);
        AllMatch(rows, text);
    }

    [Theory]
    [InlineData("techniekcollege")]
    [InlineData("COLLEGE LIMB")]
    public async Task A_commitment_is_found_by_part_of_its_lead_partners_name(string text)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = $"Gastlessen {Guid.NewGuid():N}");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var rows = await SearchAsync(limburg, text);

        Assert.Contains(rows, r => r.Title == c.Title);
        AllMatch(rows, text);
    }

    [Fact]
    public async Task The_search_shows_only_what_the_user_may_see()
    {
        var words = $"Vertrouwelijk{Guid.NewGuid():N}";
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words);
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Empty(await SearchAsync(drenthe, words));
        Assert.Empty(await SearchAsync(drenthe, "Techniekcollege Limburg"));
        Assert.Single(await SearchAsync(limburg, words));
    }

    [Fact]
    public async Task A_co_partner_finds_the_commitments_it_is_named_on_and_no_others_of_that_lead()
    {
        var words = $"Gedeeld{Guid.NewGuid():N}";
        var shared = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " samen", (DemoAccounts.Drenthe, 20));
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " alleen");
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        Assert.Equal([shared.Title], (await SearchAsync(drenthe, words)).Select(r => r.Title));
        Assert.Equal([shared.Title], (await SearchAsync(drenthe, words.ToUpperInvariant())).Select(r => r.Title));
    }

    [Fact]
    public async Task A_renamed_commitment_is_found_by_its_new_title_and_a_renamed_partner_by_its_new_name()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = $"Oudetitel{Guid.NewGuid():N}");
        var oldTitle = c.Title;
        var newTitle = $"Nieuwetitel{Guid.NewGuid():N}";
        await using (var db = app.CreateAdminDbContext())
        {
            var tracked = await db.Commitments.SingleAsync(x => x.Id == c.Id);
            tracked.Title = newTitle;
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Empty(await SearchAsync(limburg, oldTitle));
        Assert.Equal([newTitle], (await SearchAsync(limburg, newTitle)).Select(r => r.Title));
    }

    [Fact]
    public async Task The_status_filter_and_the_search_apply_together()
    {
        var words = $"Samen{Guid.NewGuid():N}";
        var draft = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = words + " concept");
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => { c.Title = words + " teruggestuurd"; c.Status = CommitmentStatus.Returned; });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Equal([draft.Title], (await SearchAsync(limburg, words, "Draft")).Select(r => r.Title));
    }

    /// <summary>
    /// Characters that mean something to FTS5, to LIKE or to SQL are taken as typed: the commitment whose
    /// title has them is found, and no row is shown that does not contain them.
    /// </summary>
    [Theory]
    [InlineData("\"echt\"")]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("k*")]
    [InlineData("NEAR(a b)")]
    [InlineData("-min")]
    [InlineData("100%")]
    [InlineData("%")]
    [InlineData("k_l")]
    [InlineData("_")]
    [InlineData("a\\b")]
    [InlineData("' OR 1=1 --")]
    [InlineData("AND OR NOT")]
    [InlineData("^start")]
    [InlineData("🚀 raket")]
    [InlineData("ĳs")]
    public async Task Search_operators_and_wildcards_are_taken_literally(string text)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool,
            c => c.Title = $"Bijzonder {text} titel {Guid.NewGuid():N}");
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Title = $"Gewone titel {Guid.NewGuid():N} 100 echt kol min start");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var rows = await SearchAsync(limburg, text);

        AllMatch(rows, text);
        if (rows.Count < 50)
        {
            Assert.Contains(rows, r => r.Title == c.Title);
        }
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(301)]
    public async Task A_very_long_search_text_finds_nothing_and_does_not_fail(int length)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Empty(await SearchAsync(limburg, new string('a', length)));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("a\0b")]
    [InlineData("\u200B")]
    [InlineData("\uFFFD\uFFFD\uFFFD")]
    [InlineData("\u0301\u0301\u0301")]
    public async Task Odd_characters_give_a_page_and_no_wrong_match(string text)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var rows = await SearchAsync(limburg, text);

        AllMatch(rows, text);
    }

    [Fact]
    public async Task Only_spaces_search_for_nothing_and_show_everything()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var all = await SearchAsync(limburg, "");
        Assert.Equal(all, await SearchAsync(limburg, "   "));
    }
}
