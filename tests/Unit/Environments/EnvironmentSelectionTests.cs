using Bunit;
using Dashboard.Environments;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Environments;

public sealed class EnvironmentSelectionTests : SundialComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var data = new TestDataBuilder(Time.GetUtcNow());
        data.Environment("production", isDefault: true);
        data.Environment("partner-api");
        await data.SaveAsync(Database.Factory);
    }

    private EnvironmentSelection Selection => Services.GetRequiredService<EnvironmentSelection>();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task OnChanged_StopsCallingTheHandler_OnceTheSubscriptionIsDisposed()
    {
        var environments = await Selection.GetEnvironmentsAsync();
        var calls = 0;
        var subscription = Selection.OnChanged(() => { calls++; return Task.CompletedTask; });

        await Selection.SelectAsync(environments.Single(e => e.Key == "partner-api"));
        subscription.Dispose();
        await Selection.SelectAsync(environments.Single(e => e.Key == "production"));

        Assert.Equal(1, calls);
        Assert.Equal("production", Selection.Current?.Key);
    }

    [Fact]
    public async Task Select_PutsTheEnvironmentInTheUrl()
    {
        var environments = await Selection.GetEnvironmentsAsync();

        await Selection.SelectAsync(environments.Single(e => e.Key == "partner-api"));

        Assert.EndsWith("?env=partner-api", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentInTheUrl_IsTheSelection_OnReload()
    {
        Navigation.NavigateTo("flags?env=partner-api");

        Assert.Equal("partner-api", (await Selection.GetCurrentAsync())?.Key);
    }

    [Fact]
    public async Task Follow_SwitchesToTheEntitysEnvironment_AndTellsSubscribers()
    {
        var environments = await Selection.GetEnvironmentsAsync();
        EnvironmentSummary? seen = null;
        using var subscription = Selection.OnChanged(() => { seen = Selection.Current; return Task.CompletedTask; });

        Assert.True(await Selection.FollowAsync(environments.Single(e => e.Key == "partner-api").Id));

        Assert.Equal("partner-api", seen?.Key);
        Assert.EndsWith("?env=partner-api", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkWithoutTheEnvironment_KeepsTheSelection_InTheUrl()
    {
        var environments = await Selection.GetEnvironmentsAsync();
        await Selection.SelectAsync(environments.Single(e => e.Key == "partner-api"));

        Navigation.NavigateTo("flags/3");

        Assert.Equal(Navigation.BaseUri + "flags/3?env=partner-api", Navigation.Uri);
        Assert.Equal("partner-api", Selection.Current?.Key);
    }
}
