using Supplychain.Components.Core;
using Supplychain.Components.Model;

namespace Supplychain.Components.Random;

/// <summary>
/// A generated password (<c>random:RandomPassword</c>). Its <c>result</c> is a secret output that flows
/// by reference into Secrets and connection strings, so no credential is ever written into the program.
/// </summary>
public static class RandomPassword
{
    public const string Type = "random:RandomPassword";

    public static Resource Create(Scope scope, string leaf, int length = 32, bool special = false) =>
        scope.Add(leaf, Type, new MapValue
        {
            ["length"] = length,
            ["special"] = special,
            ["minLower"] = 2,
            ["minUpper"] = 2,
            ["minNumeric"] = 2,
        });

    public static RefValue Result(Resource password) => password.Ref("result");

    /// <summary>The bcrypt hash of the password (for htpasswd files).</summary>
    public static RefValue BcryptHash(Resource password) => password.Ref("bcryptHash");
}
