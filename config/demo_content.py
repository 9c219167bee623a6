"""French text of the demo community loaded by `manage.py load_demo`.

Every person, idea and exchange here is invented (e-mail addresses use the reserved domain
example.test). The prose lives apart from the loader so it can be reread and edited without
touching the logic; the loader only picks, combines and dates it.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- People -------------------------------------------------------------------------------

FIRST_NAMES: tuple[str, ...] = (
    "Camille", "Claire", "Julien", "Nicolas", "Sophie", "Thomas", "Marie", "Pierre",
    "Nathalie", "Isabelle", "Sylvie", "Catherine", "Christine", "Sandrine", "Valérie",
    "Stéphanie", "Céline", "Aurélie", "Émilie", "Julie", "Laura", "Léa", "Manon", "Chloé",
    "Sarah", "Inès", "Lucie", "Anaïs", "Pauline", "Mathilde", "Charlotte", "Élodie", "Audrey",
    "Caroline", "Virginie", "Véronique", "Martine", "Monique", "Françoise", "Brigitte",
    "Hélène", "Anne", "Agnès", "Patricia", "Laurence", "Florence", "Delphine", "Karine",
    "Nadia", "Samia", "Yasmine", "Leïla", "Fatima", "Amina", "Gaëlle", "Morgane", "Solène",
    "Justine", "Margaux", "Océane", "Clémence", "Jeanne", "Alice", "Zoé", "Emma", "Louise",
    "Jean", "Michel", "Philippe", "Alain", "Patrick", "Christophe", "Éric", "Laurent",
    "Frédéric", "Stéphane", "David", "Olivier", "Sébastien", "Vincent", "Jérôme",
    "Guillaume", "Antoine", "Maxime", "Alexandre", "Romain", "Kevin", "Mathieu", "Benjamin",
    "Florian", "Hugo", "Lucas", "Louis", "Théo", "Nathan", "Paul", "Arthur", "Jules",
    "Gabriel", "Raphaël", "Adrien", "Damien", "Cédric", "Fabrice", "Franck", "Bruno",
    "Thierry", "Pascal", "Didier", "Gilles", "Yves", "Bernard", "Marc", "Xavier", "Mehdi",
    "Karim", "Rachid", "Yanis", "Sofiane", "Youssef", "Bilal", "Ludovic", "Arnaud", "Loïc",
    "Yann", "Erwan", "Quentin", "Baptiste", "Clément", "Victor", "Aurélien", "Jérémy",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand",
    "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
    "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
    "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard",
    "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux",
    "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud",
    "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey",
    "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean",
    "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein",
    "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles",
    "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé",
    "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost",
    "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson",
    "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
    "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier",
    "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier",
    "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert",
    "Reynaud", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert",
    "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte", "Benali", "Haddad", "Nguyen",
    "Tran", "Cohen", "Ferreira", "Rossi", "Kaci", "Diallo", "Traoré", "Bouzid",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """A named member of the bank's side, or the demo customer."""

    username: str
    first_name: str
    last_name: str
    # Advisers sign their answers "Nadia, conseillère en ligne".
    feminine: bool = False


DEMO_CUSTOMER = Person("demo-client", "Camille", "Durand", feminine=True)

# The five advisers dedicated to online exchanges. demo-staff also runs the back office.
ADVISERS: tuple[Person, ...] = (
    Person("demo-conseiller", "Julien", "Moreau"),
    Person("demo-staff", "Nadia", "Benali", feminine=True),
    Person("aurelie.masson", "Aurélie", "Masson", feminine=True),
    Person("sebastien.caron", "Sébastien", "Caron"),
    Person("karim.haddad", "Karim", "Haddad"),
)

# The decision committee, chaired by the head of retail banking.
COMMITTEE_CHAIR = Person("demo-president", "Hélène", "Laurent", feminine=True)
COMMITTEE: tuple[Person, ...] = (
    COMMITTEE_CHAIR,
    Person("demo-comite", "Philippe", "Garnier"),
    Person("veronique.fabre", "Véronique", "Fabre", feminine=True),
    Person("olivier.renaud", "Olivier", "Renaud"),
    Person("isabelle.nguyen", "Isabelle", "Nguyen", feminine=True),
)

# --- Categories ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryText:
    name: str
    slug: str
    description: str
    accepts_threads: bool


CATEGORIES: tuple[CategoryText, ...] = (
    CategoryText(
        "Questions & support",
        "questions-support",
        "Une question sur votre compte, votre carte ou l'appli ? Les conseillers en ligne "
        "vous répondent, et la communauté aussi.",
        True,
    ),
    CategoryText(
        "Discussions",
        "discussions",
        "Échangez entre clients : astuces, retours d'expérience, avis sur les services.",
        True,
    ),
    CategoryText(
        "Le Labo",
        "le-labo",
        "Proposez vos idées, votez pour celles des autres et suivez les décisions du comité.",
        False,
    ),
)

# --- Le Labo: suggestions -----------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """A suggestion as its first author wrote it, and related ideas other customers posted
    from another angle: (title, body) pairs."""

    title: str
    body: str
    variants: tuple[tuple[str, str], ...] = ()


TOP_IDEA = "Pouvoir désactiver la publicité par courrier"

IDEAS: tuple[Idea, ...] = (
    Idea(
        TOP_IDEA,
        "Je reçois chaque mois plusieurs courriers publicitaires de la banque (offres de "
        "crédit, assurances, partenaires) alors que je gère tout en ligne. C'est du papier "
        "gaspillé qui finit directement au recyclage.\n\nCe serait bien de pouvoir désactiver "
        "ces envois d'un clic dans l'espace client, tout en continuant à recevoir les "
        "courriers obligatoires.",
        (
            (
                "Une case « zéro papier publicitaire » dans mes préférences",
                "Une simple case à cocher dans les préférences de contact pour ne plus recevoir "
                "aucun prospectus par la poste. Les relevés et courriers officiels, eux, "
                "continueraient d'arriver.",
            ),
            (
                "Choisir par quel canal je reçois les offres commerciales",
                "Plutôt que tout recevoir par courrier, j'aimerais choisir : offres par e-mail, "
                "dans l'appli, ou pas d'offres du tout.",
            ),
        ),
    ),
    Idea(
        "Personnaliser le nom des comptes externes dans l'écran de virement",
        "Dans l'écran de virement, mes bénéficiaires apparaissent avec leur IBAN et un libellé "
        "tronqué. Quand on a plusieurs comptes dans d'autres banques (compte joint, livret des "
        "enfants, propriétaire...), on hésite à chaque fois.\n\nPouvoir donner un nom libre à "
        "chaque compte externe (« Loyer Mme Petit », « Livret de Léa ») éviterait les erreurs.",
        (
            (
                "Renommer mes bénéficiaires de virement",
                "Les noms de bénéficiaires importés sont souvent illisibles (majuscules, "
                "abréviations). J'aimerais pouvoir les renommer comme je veux.",
            ),
            (
                "Épingler mes bénéficiaires favoris en haut de la liste",
                "Avec une quarantaine de bénéficiaires enregistrés, il faudrait pouvoir garder "
                "ceux que j'utilise chaque mois en haut de la liste.",
            ),
        ),
    ),
    Idea(
        "Mieux afficher les opérations à venir",
        "Les prélèvements et les paiements par carte à débit différé n'apparaissent qu'au "
        "dernier moment. J'aimerais voir clairement, en haut de mon compte, les opérations à "
        "venir dans les 30 prochains jours.\n\nÇa éviterait pas mal de mauvaises surprises en "
        "fin de mois.",
        (
            (
                "Afficher un solde prévisionnel de fin de mois",
                "Un solde prévisionnel qui tient compte des prélèvements connus et des virements "
                "programmés m'aiderait à savoir ce qu'il me reste vraiment.",
            ),
            (
                "Un calendrier des opérations du mois",
                "Une vue calendrier avec les dates des prélèvements, des virements permanents et "
                "du débit de la carte serait très parlante.",
            ),
        ),
    ),
    Idea(
        "Proposer une offre de crédit immobilier",
        "La banque en ligne me convient pour tout le quotidien, mais pour acheter mon "
        "appartement j'ai dû aller voir une autre banque, qui m'a demandé d'y domicilier mes "
        "revenus. Dommage !\n\nUne offre de crédit immobilier, même simple, avec une "
        "simulation en ligne et un conseiller dédié, me permettrait de rester client.",
        (
            (
                "Un simulateur de prêt immobilier dans l'espace client",
                "Avant même d'avoir une offre complète, un simulateur de capacité d'emprunt et "
                "de mensualités serait utile pour préparer un projet.",
            ),
            (
                "Accompagner les primo-accédants",
                "Pour un premier achat, on manque de repères : un parcours guidé (apport, frais "
                "de notaire, assurance emprunteur) serait précieux.",
            ),
        ),
    ),
    Idea(
        "Le paiement sans contact (NFC) sur la carte",
        "Ma carte n'a pas le sans contact alors que c'est devenu courant chez les commerçants. "
        "Pour les petits achats (boulangerie, transports), c'est vraiment plus rapide.\n\nJe "
        "souhaiterais que les cartes soient équipées du paiement sans contact, avec la "
        "possibilité de l'activer ou de le désactiver depuis l'appli.",
        (
            (
                "Activer ou couper le sans contact depuis l'appli",
                "Je voudrais pouvoir activer le sans contact seulement quand j'en ai besoin, "
                "directement depuis mon téléphone.",
            ),
            (
                "Payer en magasin avec son téléphone",
                "Payer avec le téléphone, sans sortir la carte, serait la suite logique du sans "
                "contact.",
            ),
        ),
    ),
    Idea(
        "Mettre en place l'épargne automatique",
        "J'ai du mal à mettre de côté régulièrement. Une épargne automatique m'aiderait : par "
        "exemple un virement vers le livret dès que le compte dépasse un certain seuil, ou "
        "l'arrondi de chaque paiement par carte versé sur l'épargne.",
        (
            (
                "Arrondir mes paiements à l'euro supérieur pour épargner",
                "À chaque paiement par carte, la différence avec l'euro supérieur partirait sur "
                "mon livret : indolore et efficace.",
            ),
            (
                "Virer automatiquement l'excédent du compte vers le livret",
                "Quand mon compte courant dépasse un plafond que je fixe, le surplus partirait "
                "automatiquement sur l'épargne en fin de mois.",
            ),
        ),
    ),
    Idea(
        "Des taux d'épargne progressifs",
        "Aujourd'hui le taux du livret est le même quels que soient l'ancienneté et le "
        "montant. Un taux progressif, qui augmente avec la durée de détention ou les versements "
        "réguliers, récompenserait les clients fidèles et encouragerait à épargner sur le long "
        "terme.",
        (
            (
                "Récompenser l'épargne régulière",
                "Un bonus de taux pour ceux qui versent tous les mois, même de petites sommes, "
                "serait motivant.",
            ),
            (
                "Un livret à taux bonifié la première année",
                "Comme ailleurs, un taux boosté pendant les premiers mois pour les nouveaux "
                "livrets donnerait envie de commencer.",
            ),
        ),
    ),
    Idea(
        "Recevoir une notification à chaque paiement par carte",
        "Une notification sur le téléphone à chaque paiement ou retrait avec la carte "
        "permettrait de repérer immédiatement une fraude ou une erreur de montant. C'est "
        "rassurant et ça aide à suivre ses dépenses.",
        (
            (
                "Alerte par SMS au-delà d'un montant",
                "Pour ceux qui n'ont pas de smartphone, un SMS pour chaque débit au-delà d'un "
                "montant choisi serait déjà très bien.",
            ),
            (
                "Choisir les alertes que je reçois",
                "J'aimerais régler finement mes alertes : paiements, virements reçus, solde "
                "bas, chacune activable séparément.",
            ),
        ),
    ),
    Idea(
        "Bloquer temporairement sa carte depuis l'appli",
        "Quand je ne retrouve plus ma carte, je n'ai pas envie de faire opposition tout de "
        "suite : souvent elle est juste dans une autre poche ! Pouvoir la verrouiller "
        "temporairement depuis l'appli, puis la déverrouiller, serait idéal.",
        (
            (
                "Couper les paiements en ligne de ma carte",
                "Je voudrais pouvoir désactiver uniquement les paiements sur internet, et les "
                "réactiver le temps d'un achat.",
            ),
            (
                "Désactiver les paiements à l'étranger quand je ne voyage pas",
                "Activer l'usage de la carte à l'étranger seulement pendant mes voyages "
                "limiterait les risques de fraude.",
            ),
        ),
    ),
    Idea(
        "Modifier les plafonds de ma carte moi-même",
        "Pour un achat exceptionnel (électroménager, voyage), il faut appeler le service client "
        "pour relever le plafond de paiement. Ce serait plus simple de pouvoir l'augmenter "
        "temporairement depuis l'espace client, dans une limite raisonnable.",
        (
            (
                "Relever mon plafond de retrait pour quelques jours",
                "Pour un déménagement, j'ai eu besoin de retirer plus que d'habitude : un "
                "relèvement temporaire en ligne aurait été pratique.",
            ),
            (
                "Afficher le plafond de paiement restant",
                "Voir combien il me reste sur mon plafond de paiement sur 30 jours éviterait "
                "les refus en caisse.",
            ),
        ),
    ),
    Idea(
        "Proposer le virement instantané",
        "Quand je rembourse un ami ou que je paie un artisan, le virement met un à deux jours "
        "à arriver. Le virement instantané, crédité en quelques secondes, existe ailleurs : ce "
        "serait bien de le proposer ici aussi, tous les jours de la semaine.",
        (
            (
                "Des virements qui arrivent aussi le week-end",
                "Pouvoir envoyer de l'argent un samedi soir et qu'il arrive tout de suite, même "
                "les jours fériés.",
            ),
            (
                "Envoyer de l'argent à un proche avec son numéro de mobile",
                "Rembourser un ami juste avec son numéro de téléphone, sans avoir à lui "
                "demander son IBAN.",
            ),
        ),
    ),
    Idea(
        "Programmer un virement ponctuel à une date future",
        "On peut créer des virements permanents, mais pas un virement unique à une date "
        "précise. Pour payer un loyer ou une facture à échéance, je dois y penser le jour "
        "même.",
        (
            (
                "Virements permanents à fréquence libre",
                "Pouvoir choisir une fréquence trimestrielle ou annuelle pour les virements "
                "permanents, pas seulement mensuelle.",
            ),
            (
                "Modifier un virement permanent sans le recréer",
                "Changer le montant d'un virement permanent oblige à le supprimer puis à le "
                "recréer, c'est pénible et source d'erreurs.",
            ),
        ),
    ),
    Idea(
        "Ajouter un bénéficiaire sans délai d'activation",
        "Après l'ajout d'un nouveau bénéficiaire, il faut attendre avant de pouvoir lui faire "
        "un virement. Avec une validation forte dans l'appli, ce délai pourrait disparaître.",
        (
            (
                "Valider un nouveau bénéficiaire dans l'appli plutôt que par SMS",
                "Le SMS de validation n'arrive pas toujours quand je suis à l'étranger : une "
                "validation dans l'appli serait plus fiable.",
            ),
            (
                "Supprimer les anciens bénéficiaires en une fois",
                "Faire le ménage dans la liste des bénéficiaires prend un temps fou : une "
                "suppression groupée serait bienvenue.",
            ),
        ),
    ),
    Idea(
        "Accéder à dix ans de relevés en ligne",
        "Seuls les relevés des derniers mois sont téléchargeables. Pour un dossier de prêt ou "
        "une démarche administrative, on a parfois besoin de relevés plus anciens. Garder dix "
        "ans d'historique en ligne éviterait des demandes au service client.",
        (
            (
                "Télécharger tous mes relevés d'une année d'un coup",
                "Un bouton pour récupérer tous les relevés d'une année dans un seul fichier, "
                "plutôt que douze téléchargements.",
            ),
            (
                "Des relevés calés sur le mois civil",
                "Je préférerais des relevés du 1er au dernier jour du mois plutôt qu'arrêtés "
                "en milieu de mois.",
            ),
        ),
    ),
    Idea(
        "Exporter mes opérations en CSV",
        "Je tiens mon budget dans un tableur. Un export CSV ou Excel des opérations sur une "
        "période choisie m'éviterait de tout recopier à la main.",
        (
            (
                "Un export compatible avec les logiciels de comptabilité",
                "Pour ma micro-entreprise, un export au format des logiciels de comptabilité "
                "courants me ferait gagner des heures.",
            ),
            (
                "Recevoir chaque mois mes opérations par e-mail",
                "Un récapitulatif mensuel des opérations envoyé par e-mail, en pièce jointe, "
                "pour archiver facilement.",
            ),
        ),
    ),
    Idea(
        "Catégoriser automatiquement les dépenses",
        "Les opérations s'affichent en liste brute. Une catégorisation automatique (courses, "
        "transport, logement, loisirs) avec un récapitulatif mensuel m'aiderait à comprendre où "
        "part mon argent, sans passer par une application tierce.",
        (
            (
                "Corriger la catégorie d'une opération",
                "Si la catégorisation se trompe, je veux pouvoir la corriger et que la règle "
                "s'applique aux opérations suivantes du même commerçant.",
            ),
            (
                "Un graphique de mes dépenses mois par mois",
                "Un graphique simple comparant mes dépenses d'un mois sur l'autre, par "
                "catégorie, suffirait à repérer les dérapages.",
            ),
        ),
    ),
    Idea(
        "Fixer un budget par catégorie avec des alertes",
        "Pouvoir se fixer un budget mensuel par poste (sorties, courses, carburant) et "
        "recevoir une alerte quand on approche de la limite. Ça aiderait beaucoup à tenir ses "
        "objectifs.",
        (
            (
                "Être alerté quand mon solde passe sous un seuil",
                "Être prévenu dès que mon solde passe sous 100 €, ou un autre seuil que je "
                "choisis, pour réagir avant le découvert.",
            ),
            (
                "Un objectif de dépenses hebdomadaire",
                "Plutôt qu'un budget mensuel, un plafond de dépenses par semaine, plus facile à "
                "suivre au quotidien.",
            ),
        ),
    ),
    Idea(
        "Ajouter des notes et des justificatifs aux opérations",
        "J'aimerais pouvoir annoter une opération (« cadeau anniversaire Paul ») et y joindre "
        "la photo d'un ticket ou d'une facture. Très utile pour les garanties et pour les notes "
        "de frais.",
        (
            (
                "Joindre une facture à un paiement pour la garantie",
                "Retrouver la facture d'un achat directement depuis l'opération, des années "
                "plus tard, pour faire jouer la garantie.",
            ),
            (
                "Rechercher une opération par mot-clé ou par montant",
                "Une vraie recherche dans l'historique : par libellé, montant approximatif et "
                "période.",
            ),
        ),
    ),
    Idea(
        "Voir les comptes de mes autres banques dans l'appli",
        "J'ai encore un livret et un crédit dans une autre banque. Voir tous mes comptes au "
        "même endroit, avec un solde global, m'éviterait de jongler entre deux applications.",
        (
            (
                "Voir mon patrimoine total en un coup d'œil",
                "Un écran de synthèse avec l'épargne, l'assurance-vie, les crédits en cours et "
                "le total.",
            ),
            (
                "Faire des virements depuis mes comptes externes",
                "Une fois mes autres comptes connectés, pouvoir alimenter mon compte ici "
                "directement depuis l'appli.",
            ),
        ),
    ),
    Idea(
        "Déposer un chèque en le photographiant",
        "Je reçois encore quelques chèques par an et je dois les envoyer par la poste avec un "
        "bordereau. Pouvoir les déposer en prenant une photo avec l'appli ferait gagner "
        "beaucoup de temps.",
        (
            (
                "Des enveloppes prépayées pour envoyer mes chèques",
                "En attendant le dépôt par photo, des enveloppes prépayées envoyées avec le "
                "chéquier seraient bien pratiques.",
            ),
            (
                "Suivre l'encaissement d'un chèque envoyé",
                "Savoir où en est un chèque envoyé par courrier : reçu, en cours de traitement, "
                "crédité.",
            ),
        ),
    ),
    Idea(
        "Commander un chéquier depuis l'appli",
        "Aujourd'hui il faut passer par le site pour commander un chéquier. Un bouton dans "
        "l'appli, avec le choix du nombre de chèques, serait plus simple.",
        (
            (
                "Recevoir mon chéquier à l'adresse de mon choix",
                "Je suis souvent chez mes parents : pouvoir indiquer une autre adresse de "
                "livraison pour le chéquier m'arrangerait.",
            ),
            (
                "Être prévenu quand il me reste peu de chèques",
                "Un rappel pour recommander un chéquier quand il ne m'en reste que cinq.",
            ),
        ),
    ),
    Idea(
        "Afficher son solde sur l'écran d'accueil du téléphone",
        "Ouvrir l'appli et s'identifier juste pour connaître son solde, c'est long. Un widget "
        "sur l'écran d'accueil, ou un solde visible avant connexion (désactivable), serait très "
        "pratique.",
        (
            (
                "Consulter son solde sans se reconnecter",
                "Un aperçu du solde en un geste, sans ressaisir le code, pour les consultations "
                "rapides.",
            ),
            (
                "Voir les trois dernières opérations avant connexion",
                "En plus du solde, les dernières opérations visibles d'un coup d'œil (option à "
                "activer).",
            ),
        ),
    ),
    Idea(
        "Se connecter avec l'empreinte digitale",
        "Taper mon code à chaque connexion est fastidieux, surtout dans les transports. La "
        "connexion par empreinte digitale ou reconnaissance faciale serait plus rapide et tout "
        "aussi sûre.",
        (
            (
                "Valider les paiements en ligne avec mon empreinte",
                "Pour les achats sur internet, valider avec l'empreinte dans l'appli plutôt "
                "qu'avec un code reçu par SMS.",
            ),
            (
                "Un code de connexion plus court sur mon téléphone",
                "Sur mon propre téléphone, un code à 4 chiffres suffirait, avec le mot de passe "
                "complet pour le site.",
            ),
        ),
    ),
    Idea(
        "Un mode sombre dans l'appli",
        "Je consulte souvent mes comptes le soir et l'écran blanc éblouit. Un mode sombre, qui "
        "suit le réglage du téléphone, serait plus confortable.",
        (
            (
                "Agrandir les caractères dans l'appli",
                "Ma mère a du mal à lire les montants : l'appli devrait respecter la taille de "
                "texte choisie dans le téléphone.",
            ),
            (
                "Personnaliser l'écran d'accueil de l'appli",
                "Choisir quels comptes et quels raccourcis s'affichent en premier sur l'écran "
                "d'accueil.",
            ),
        ),
    ),
    Idea(
        "Une appli adaptée aux tablettes",
        "Sur tablette, l'appli s'affiche comme sur un téléphone agrandi. Une vraie version "
        "tablette, avec plus d'informations à l'écran, serait agréable pour faire ses comptes "
        "au calme.",
        (
            (
                "Utiliser l'appli en mode paysage",
                "Pouvoir tourner le téléphone pour voir l'historique en largeur, avec plus de "
                "détails par ligne.",
            ),
            (
                "Une version du site plus lisible sur mobile",
                "Quand je n'ai pas l'appli sous la main, le site sur mobile est difficile à "
                "utiliser : il mériterait d'être revu.",
            ),
        ),
    ),
    Idea(
        "Rester connecté plus longtemps sur le site",
        "Sur le site, je suis déconnecté au bout de quelques minutes d'inactivité, souvent au "
        "milieu d'une saisie. Un délai plus long, ou un avertissement avant la déconnexion, "
        "serait bienvenu.",
        (
            (
                "Prévenir avant la déconnexion automatique",
                "Un message « vous allez être déconnecté, voulez-vous rester ? » éviterait de "
                "perdre un virement en cours de saisie.",
            ),
            (
                "Reprendre là où j'en étais après reconnexion",
                "Après une déconnexion, revenir sur la page où j'étais plutôt que sur l'accueil.",
            ),
        ),
    ),
    Idea(
        "Choisir son identifiant de connexion",
        "Mon identifiant est un long numéro impossible à retenir. Pouvoir choisir un "
        "identifiant personnel, ou se connecter avec son adresse e-mail, serait beaucoup plus "
        "simple.",
        (
            (
                "Se connecter avec son adresse e-mail",
                "Comme sur la plupart des sites, utiliser mon adresse e-mail comme identifiant.",
            ),
            (
                "Retrouver son identifiant en ligne",
                "Quand on a perdu son identifiant, le recevoir par e-mail ou SMS sans appeler "
                "le service client.",
            ),
        ),
    ),
    Idea(
        "Suivre mes demandes au service client",
        "Quand j'envoie une demande par la messagerie, je n'ai aucune idée de son avancement. "
        "Un suivi (reçue, en cours, traitée) avec un délai indicatif rassurerait.",
        (
            (
                "Un délai de réponse garanti à la messagerie",
                "S'engager sur une réponse en 24 h ouvrées aux messages, et l'afficher.",
            ),
            (
                "Joindre des documents à la messagerie sécurisée",
                "Pouvoir envoyer une photo ou un PDF directement dans la messagerie, au lieu de "
                "passer par l'e-mail.",
            ),
        ),
    ),
    Idea(
        "Prendre rendez-vous en visio avec un conseiller",
        "Pour les sujets importants (placement, crédit), le téléphone ne suffit pas toujours. "
        "Pouvoir prendre rendez-vous en ligne pour un entretien en visio, avec partage "
        "d'écran, serait un vrai plus.",
        (
            (
                "Réserver un créneau d'appel avec un conseiller",
                "Choisir un créneau dans un agenda en ligne et être rappelé à l'heure dite, "
                "plutôt qu'attendre en ligne.",
            ),
            (
                "Être rappelé plutôt qu'attendre au téléphone",
                "Quand il y a de l'attente, proposer de me rappeler dès qu'un conseiller est "
                "libre.",
            ),
        ),
    ),
    Idea(
        "Ouvrir le service client le samedi",
        "Je travaille en semaine aux mêmes horaires que le service client. Une ouverture le "
        "samedi matin, même réduite, permettrait de traiter les sujets qui ne peuvent pas "
        "attendre.",
        (
            (
                "Des horaires élargis en soirée",
                "Ouvrir le service client jusqu'à 21 h au moins deux soirs par semaine.",
            ),
            (
                "Une permanence téléphonique pendant les vacances",
                "Pendant les vacances d'été, les délais d'attente explosent : prévoir plus de "
                "conseillers à cette période.",
            ),
        ),
    ),
    Idea(
        "Un chat en direct avec un conseiller",
        "Pour une question rapide, un chat en direct dans l'appli serait plus pratique que le "
        "téléphone ou la messagerie, qui répond le lendemain.",
        (
            (
                "Un assistant pour les questions simples",
                "Un assistant automatique pour les questions fréquentes (plafonds, RIB), avec "
                "passage à un conseiller si besoin.",
            ),
            (
                "Garder l'historique des échanges avec les conseillers",
                "Retrouver toutes mes conversations passées, chat et messagerie, au même endroit.",
            ),
        ),
    ),
    Idea(
        "Avoir un conseiller attitré",
        "À chaque appel je tombe sur quelqu'un de différent et je dois tout réexpliquer. Un "
        "conseiller attitré, joignable directement, serait plus humain.",
        (
            (
                "Voir le nom du conseiller qui suit ma demande",
                "Savoir qui traite mon dossier, pour pouvoir y faire référence lors d'un "
                "prochain échange.",
            ),
            (
                "Un conseiller spécialisé pour les professionnels",
                "Pour les indépendants, un interlocuteur qui connaît les spécificités de "
                "l'activité professionnelle.",
            ),
        ),
    ),
    Idea(
        "Supprimer les frais de retrait hors zone euro",
        "Je voyage souvent hors d'Europe et chaque retrait me coûte une commission fixe plus un "
        "pourcentage. Une banque en ligne devrait proposer des retraits gratuits partout, au "
        "moins quelques-uns par mois.",
        (
            (
                "Des paiements par carte sans frais à l'étranger",
                "Payer en devises sans commission, comme le font déjà certaines cartes, serait "
                "un vrai argument.",
            ),
            (
                "Afficher le taux de change appliqué",
                "Voir le taux de change et les frais exacts sur chaque opération en devises.",
            ),
        ),
    ),
    Idea(
        "Afficher les frais avant de valider une opération",
        "Quand je fais un virement international ou un retrait, je découvre les frais après "
        "coup. Les afficher avant la validation permettrait de décider en connaissance de "
        "cause.",
        (
            (
                "Un récapitulatif annuel des frais plus lisible",
                "Le récapitulatif annuel des frais est difficile à lire : un tableau clair, "
                "mois par mois, serait mieux.",
            ),
            (
                "Voir les frais du mois en cours",
                "Un compteur des frais prélevés depuis le début du mois, directement sur "
                "l'écran du compte.",
            ),
        ),
    ),
    Idea(
        "Prévenir avant de prélever une commission d'intervention",
        "J'ai payé des commissions d'intervention pour quelques euros de découvert, sans avoir "
        "été prévenu. Un message la veille, avec le temps de faire un virement, serait plus "
        "juste.",
        (
            (
                "Une tolérance de quelques euros avant les frais de découvert",
                "Ne pas facturer de frais quand le dépassement est de quelques euros seulement.",
            ),
            (
                "Plafonner les frais d'incident par mois",
                "Un plafond mensuel pour les frais d'incidents, pour éviter l'effet boule de "
                "neige.",
            ),
        ),
    ),
    Idea(
        "Modifier son découvert autorisé en ligne",
        "Pour ajuster mon découvert autorisé, je dois envoyer un courrier. Une demande en "
        "ligne, avec une réponse rapide, serait logique pour une banque en ligne.",
        (
            (
                "Un découvert ponctuel pour un mois difficile",
                "Demander une autorisation de découvert temporaire, pour un mois chargé, sans "
                "changer le contrat.",
            ),
            (
                "Afficher clairement le découvert autorisé",
                "Voir mon découvert autorisé et le coût s'il est utilisé, sur l'écran du compte.",
            ),
        ),
    ),
    Idea(
        "Une carte pour les adolescents avec contrôle parental",
        "Mon fils de 14 ans voudrait une carte pour ses achats. Une carte jeune rattachée à mon "
        "compte, avec des plafonds que je règle et des notifications, serait parfaite.",
        (
            (
                "Verser de l'argent de poche automatiquement",
                "Un virement automatique chaque semaine vers le compte de mes enfants, avec un "
                "petit objectif d'épargne.",
            ),
            (
                "Ouvrir un compte pour mon enfant en ligne",
                "Ouvrir le compte d'un mineur entièrement en ligne, sans envoyer de dossier "
                "papier.",
            ),
        ),
    ),
    Idea(
        "Voir qui a payé quoi sur le compte joint",
        "Sur notre compte joint, les paiements des deux cartes apparaissent mélangés. Indiquer "
        "quelle carte a servi à chaque opération simplifierait nos comptes de couple.",
        (
            (
                "Ouvrir un compte joint entièrement en ligne",
                "Ouvrir un compte joint à distance, chacun signant de son côté.",
            ),
            (
                "Des notifications séparées pour chaque titulaire",
                "Que chaque cotitulaire règle ses propres alertes sur le compte joint.",
            ),
        ),
    ),
    Idea(
        "Donner une procuration en ligne",
        "Pour permettre à ma fille de gérer mes comptes, il a fallu envoyer des formulaires "
        "papier. Une procuration en ligne, avec des droits limités (consultation seule, par "
        "exemple), serait plus simple.",
        (
            (
                "Un accès en consultation pour un proche",
                "Donner à un proche un accès en lecture seule à mes comptes, sans lui confier "
                "mes identifiants.",
            ),
            (
                "Gérer les comptes d'un parent âgé",
                "Un parcours adapté pour les aidants qui gèrent les comptes d'un parent.",
            ),
        ),
    ),
    Idea(
        "Changer d'adresse en ligne en une seule fois",
        "Lors de mon déménagement, j'ai dû changer mon adresse à plusieurs endroits et envoyer "
        "un justificatif par courrier. Une démarche unique en ligne, avec un justificatif "
        "téléversé, serait bienvenue.",
        (
            (
                "Mettre à jour ses coordonnées sans justificatif papier",
                "Envoyer une photo du justificatif de domicile depuis le téléphone.",
            ),
            (
                "Changer de numéro de téléphone en ligne",
                "Changer son numéro de mobile sans courrier, avec une vérification par l'ancien "
                "numéro.",
            ),
        ),
    ),
    Idea(
        "Signer ses contrats électroniquement",
        "Ouvrir un livret ou souscrire une assurance demande encore d'imprimer, signer et "
        "renvoyer des documents. La signature électronique rendrait tout cela immédiat.",
        (
            (
                "Retrouver tous mes contrats dans l'espace client",
                "Un espace avec tous mes contrats signés, conditions générales comprises, "
                "téléchargeables à tout moment.",
            ),
            (
                "Un coffre-fort numérique pour mes documents",
                "Stocker mes documents importants (fiches de paie, avis d'imposition) dans un "
                "espace sécurisé de la banque.",
            ),
        ),
    ),
    Idea(
        "Souscrire une assurance habitation en ligne",
        "Je dois souscrire mon assurance habitation ailleurs alors que je fais tout ici. Une "
        "offre simple, avec un devis en ligne en quelques minutes, serait pratique.",
        (
            (
                "Une assurance auto avec devis en ligne",
                "Comparer et souscrire une assurance auto directement depuis l'espace client.",
            ),
            (
                "Regrouper mes assurances pour une réduction",
                "Une remise quand on regroupe plusieurs assurances dans la même banque.",
            ),
        ),
    ),
    Idea(
        "Déclarer un sinistre depuis l'appli",
        "Déclarer un dégât des eaux ou un vol devrait pouvoir se faire depuis l'appli, photos "
        "à l'appui, avec un suivi du dossier.",
        (
            (
                "Suivre l'avancement d'un sinistre",
                "Savoir où en est mon dossier d'indemnisation sans appeler.",
            ),
            (
                "Envoyer les photos d'un sinistre depuis le téléphone",
                "Joindre directement les photos du sinistre au dossier, sans passer par l'e-mail.",
            ),
        ),
    ),
    Idea(
        "Télécharger l'attestation d'assurance voyage de la carte",
        "Avant chaque voyage, je dois demander une attestation d'assurance de ma carte. La "
        "télécharger directement dans l'espace client, en français et en anglais, serait très "
        "pratique.",
        (
            (
                "Expliquer clairement les garanties de ma carte",
                "Un résumé lisible des assurances incluses dans la carte (voyage, location de "
                "voiture, achats).",
            ),
            (
                "Un numéro d'assistance accessible depuis l'appli",
                "À l'étranger, appeler l'assistance en un clic depuis l'appli.",
            ),
        ),
    ),
    Idea(
        "Investir en bourse depuis son compte",
        "J'aimerais ouvrir un PEA ou un compte-titres et passer des ordres simples depuis "
        "l'appli, sans avoir à ouvrir un compte chez un courtier.",
        (
            (
                "Investir de petites sommes chaque mois",
                "Un investissement programmé, quelques dizaines d'euros par mois, sur des "
                "fonds simples.",
            ),
            (
                "Des fonds responsables dans l'assurance-vie",
                "Davantage de fonds labellisés environnementaux et sociaux dans l'assurance-vie.",
            ),
        ),
    ),
    Idea(
        "Connaître l'empreinte carbone de ses dépenses",
        "Une estimation de l'empreinte carbone de mes achats, par catégorie, m'aiderait à "
        "faire des choix plus responsables.",
        (
            (
                "Une carte bancaire en matériau recyclé",
                "Fabriquer les cartes en plastique recyclé, ou en matériau biosourcé.",
            ),
            (
                "Savoir ce que la banque finance avec mon épargne",
                "Plus de transparence sur l'usage des dépôts des livrets : quels projets sont "
                "financés ?",
            ),
        ),
    ),
    Idea(
        "Créer des objectifs d'épargne",
        "Pouvoir créer des cagnottes d'épargne par projet (vacances, voiture, travaux) avec un "
        "objectif et une barre de progression. C'est motivant de voir son projet avancer.",
        (
            (
                "Une cagnotte partagée entre amis",
                "Pour un week-end ou un cadeau commun, une cagnotte où chacun verse sa part.",
            ),
            (
                "Partager les dépenses entre colocataires",
                "Un outil pour répartir les factures communes et savoir qui doit combien.",
            ),
        ),
    ),
    Idea(
        "Payer en plusieurs fois avec sa carte",
        "Pour un gros achat, pouvoir étaler un paiement par carte en trois ou quatre fois "
        "depuis l'appli, après coup, avec un coût clair.",
        (
            (
                "Une réponse immédiate pour un crédit à la consommation",
                "Simuler et obtenir une réponse de principe en ligne pour un petit prêt.",
            ),
            (
                "Rembourser son prêt par anticipation en ligne",
                "Faire un remboursement anticipé partiel depuis l'espace client, avec le "
                "nouveau tableau d'amortissement.",
            ),
        ),
    ),
    Idea(
        "Voir le tableau d'amortissement de mon prêt",
        "Je n'arrive pas à retrouver le détail de mon prêt personnel : capital restant, "
        "intérêts payés, échéances à venir. Un écran dédié serait utile.",
        (
            (
                "Décaler une échéance de prêt en ligne",
                "Pouvoir reporter une mensualité exceptionnellement, depuis l'appli.",
            ),
            (
                "Moduler ses mensualités de prêt",
                "Augmenter ou baisser ses mensualités selon sa situation, sans passer par un "
                "courrier.",
            ),
        ),
    ),
    Idea(
        "Des numéros de carte virtuels pour les achats en ligne",
        "Pour acheter sur des sites peu connus, un numéro de carte virtuel, à usage unique ou "
        "limité à un marchand, protégerait mieux ma vraie carte.",
        (
            (
                "Une carte virtuelle dédiée aux abonnements",
                "Un numéro de carte spécial abonnements, que je peux couper pour résilier "
                "facilement.",
            ),
            (
                "Voir le numéro de ma carte dans l'appli",
                "Quand je n'ai pas ma carte sur moi, retrouver son numéro dans l'appli, de "
                "façon sécurisée.",
            ),
        ),
    ),
    Idea(
        "Choisir ou revoir le code de sa carte dans l'appli",
        "J'ai oublié le code de ma carte et il a fallu attendre un courrier plusieurs jours. "
        "Le revoir ou le changer dans l'appli, après authentification, serait bien plus "
        "rapide.",
        (
            (
                "Choisir le code de sa nouvelle carte",
                "Définir soi-même son code à la réception d'une nouvelle carte.",
            ),
            (
                "Débloquer sa carte après trois codes faux",
                "Débloquer la carte en ligne plutôt qu'attendre ou appeler.",
            ),
        ),
    ),
    Idea(
        "Choisir le visuel de sa carte",
        "Pouvoir choisir parmi quelques visuels de carte, ou la personnaliser avec une photo, "
        "rendrait la carte plus sympathique.",
        (
            (
                "Une carte verticale plus moderne",
                "Une carte au format vertical, plus pratique pour les paiements sans contact.",
            ),
            (
                "Une carte sans numéro imprimé",
                "Pour la sécurité, une carte sans numéro visible, consultable seulement dans "
                "l'appli.",
            ),
        ),
    ),
    Idea(
        "Changer de type de carte en ligne",
        "Passer d'une carte à débit immédiat à une carte à débit différé (ou l'inverse) ne "
        "devrait pas nécessiter d'appeler. Un choix en ligne, avec les conditions affichées, "
        "serait idéal.",
        (
            (
                "Passer à une carte haut de gamme en ligne",
                "Voir les cartes auxquelles j'ai droit et changer de gamme en quelques clics.",
            ),
            (
                "Une deuxième carte sur le même compte",
                "Commander une carte supplémentaire pour mon conjoint sur mon compte, en ligne.",
            ),
        ),
    ),
    Idea(
        "Retirer de l'argent sans carte",
        "Quand j'oublie ma carte, pouvoir générer un code dans l'appli pour retirer au "
        "distributeur me dépannerait.",
        (
            (
                "Envoyer un retrait d'espèces à un proche",
                "Envoyer un code de retrait à un proche en difficulté, qui retire au "
                "distributeur sans carte.",
            ),
            (
                "Trouver les distributeurs les plus proches dans l'appli",
                "Une carte des distributeurs autour de moi, avec ceux qui acceptent les dépôts.",
            ),
        ),
    ),
    Idea(
        "Pouvoir déposer des espèces facilement",
        "Banque en ligne oblige, déposer des espèces est compliqué. Des partenariats avec des "
        "distributeurs ou des commerces pour les dépôts d'espèces seraient très utiles.",
        (
            (
                "Déposer de la monnaie en commerce partenaire",
                "Déposer des petites sommes en espèces chez un buraliste partenaire.",
            ),
            (
                "Verser des espèces sur le compte d'un enfant",
                "Que les grands-parents puissent déposer de l'argent liquide sur le livret des "
                "petits-enfants.",
            ),
        ),
    ),
    Idea(
        "Rendre l'appli accessible aux personnes malvoyantes",
        "Avec un lecteur d'écran, plusieurs boutons de l'appli ne sont pas annoncés et le "
        "clavier du code est inutilisable. L'accessibilité devrait être une priorité.",
        (
            (
                "Un clavier de code utilisable avec un lecteur d'écran",
                "Le clavier à touches mélangées est impossible à utiliser sans voir l'écran.",
            ),
            (
                "Des relevés en gros caractères",
                "Proposer des relevés et courriers en gros caractères ou en version audio.",
            ),
        ),
    ),
    Idea(
        "Une version anglaise du site et de l'appli",
        "Beaucoup d'expatriés et de conjoints étrangers utilisent la banque. Une version en "
        "anglais des écrans principaux leur faciliterait la vie.",
        (
            (
                "Des documents bancaires en anglais",
                "Télécharger un RIB et des relevés en anglais pour les démarches à l'étranger.",
            ),
            (
                "Un service client en anglais",
                "Au moins quelques conseillers joignables en anglais.",
            ),
        ),
    ),
    Idea(
        "Partager son RIB en un clic",
        "Envoyer mon RIB demande de le télécharger puis de le joindre à un e-mail. Un bouton "
        "de partage depuis l'appli (e-mail, messagerie) serait plus rapide.",
        (
            (
                "Un QR code pour recevoir un virement",
                "Afficher un QR code de mon IBAN pour qu'un proche l'ajoute en bénéficiaire "
                "sans erreur de saisie.",
            ),
            (
                "Copier son IBAN d'un geste",
                "Un bouton « copier » à côté de l'IBAN, tout simplement.",
            ),
        ),
    ),
    Idea(
        "Être prévenu quand un virement arrive",
        "J'attends souvent un remboursement ou mon salaire : une notification dès qu'un "
        "virement est crédité m'éviterait de me connecter plusieurs fois par jour.",
        (
            (
                "Être alerté de l'arrivée du salaire",
                "Une notification spécifique pour le salaire, qui arrive à une date variable.",
            ),
            (
                "Connaître l'émetteur d'un virement reçu",
                "Afficher le nom complet et la référence de l'émetteur des virements reçus.",
            ),
        ),
    ),
    Idea(
        "Voir les appareils connectés à mon compte",
        "Pour ma sécurité, j'aimerais voir la liste des appareils et des dernières connexions "
        "à mon compte, et pouvoir en déconnecter un à distance.",
        (
            (
                "Être alerté d'une connexion depuis un nouvel appareil",
                "Un e-mail ou une notification quand quelqu'un se connecte depuis un appareil "
                "inconnu.",
            ),
            (
                "Un historique des connexions",
                "La date, l'heure et le lieu approximatif des dernières connexions.",
            ),
        ),
    ),
    Idea(
        "Valider ses opérations sans SMS",
        "Les codes par SMS arrivent mal quand le réseau est faible ou à l'étranger. Une "
        "validation dans l'appli, ou une clé de sécurité, serait plus fiable.",
        (
            (
                "Une clé physique pour sécuriser son compte",
                "Pour les plus prudents, pouvoir utiliser une clé de sécurité physique.",
            ),
            (
                "Recevoir les codes par e-mail en secours",
                "Quand le SMS ne passe pas, pouvoir recevoir le code autrement.",
            ),
        ),
    ),
    Idea(
        "Un parrainage plus généreux",
        "J'ai fait ouvrir un compte à trois amis, et la prime de parrainage est modeste par "
        "rapport à d'autres banques en ligne. Un parrainage plus attractif ferait grandir la "
        "communauté.",
        (
            (
                "Suivre mes parrainages dans l'espace client",
                "Voir où en sont mes filleuls et quand la prime sera versée.",
            ),
            (
                "Une prime pour le parrain et le filleul",
                "Que le filleul reçoive aussi un avantage, ça aide à convaincre.",
            ),
        ),
    ),
    Idea(
        "Un programme de remises chez des commerçants",
        "Certaines banques remboursent un pourcentage des achats chez des commerçants "
        "partenaires. Un programme de ce type récompenserait l'usage de la carte.",
        (
            (
                "Des réductions réservées aux clients",
                "Des offres négociées (cinéma, transport, énergie) réservées aux clients.",
            ),
            (
                "Des points de fidélité selon l'ancienneté",
                "Récompenser l'ancienneté par des avantages concrets (frais offerts, taux "
                "bonifié).",
            ),
        ),
    ),
    Idea(
        "Afficher la date de valeur des opérations",
        "La date de valeur n'apparaît que sur les relevés. L'afficher dans le détail de chaque "
        "opération aiderait à comprendre le calcul des intérêts et des agios.",
        (
            (
                "Des libellés d'opérations plus clairs",
                "Remplacer les libellés cryptiques des commerçants par des noms lisibles.",
            ),
            (
                "Afficher le logo des commerçants",
                "Le logo du commerçant à côté de chaque paiement, pour reconnaître l'opération "
                "d'un coup d'œil.",
            ),
        ),
    ),
    Idea(
        "Repérer et gérer ses abonnements",
        "Entre la musique, la vidéo, le sport et les applis, je ne sais plus à quoi je suis "
        "abonné. Une vue qui repère les prélèvements récurrents m'aiderait à faire le tri.",
        (
            (
                "Être alerté quand un abonnement augmente",
                "Une alerte quand un prélèvement récurrent change de montant.",
            ),
            (
                "Résilier un abonnement depuis l'appli",
                "Bloquer les prochains prélèvements d'un abonnement, en un clic.",
            ),
        ),
    ),
    Idea(
        "Contester une opération carte en ligne",
        "Pour contester un paiement inconnu, il faut remplir un formulaire papier. Une "
        "contestation en ligne, directement depuis l'opération, serait plus rapide et "
        "traçable.",
        (
            (
                "Signaler un paiement frauduleux en un clic",
                "Un bouton « je ne reconnais pas cette opération » sur chaque paiement.",
            ),
            (
                "Suivre un remboursement suite à une fraude",
                "Voir où en est le dossier de fraude et la date prévue du remboursement.",
            ),
        ),
    ),
    Idea(
        "Faire opposition à un prélèvement depuis l'appli",
        "Pour bloquer un prélèvement abusif, je dois écrire au service client. Une opposition "
        "directe depuis l'opération serait plus simple.",
        (
            (
                "Voir la liste de mes mandats de prélèvement",
                "La liste des créanciers autorisés à prélever mon compte, avec les dates.",
            ),
            (
                "Bloquer un créancier de prélèvement",
                "Pouvoir interdire tout prélèvement d'un créancier donné.",
            ),
        ),
    ),
    Idea(
        "Un service de changement de banque clé en main",
        "À mon arrivée, j'ai dû prévenir moi-même tous mes créanciers du changement de "
        "RIB. Un service qui s'en charge automatiquement faciliterait l'arrivée des nouveaux "
        "clients.",
        (
            (
                "Transférer son livret d'une autre banque",
                "Un transfert simple de l'épargne depuis une autre banque, sans démarches "
                "fastidieuses.",
            ),
            (
                "Un guide de bienvenue pour les nouveaux clients",
                "Une liste des étapes pour bien démarrer : carte, appli, virements, domiciliation.",
            ),
        ),
    ),
    Idea(
        "Des ateliers pour apprendre à gérer son budget",
        "Beaucoup de clients, jeunes ou moins jeunes, seraient intéressés par des ateliers en "
        "ligne sur le budget, l'épargne ou le crédit, animés par des conseillers.",
        (
            (
                "Des fiches pratiques sur les produits d'épargne",
                "Des explications simples et comparatives sur les livrets, l'assurance-vie, "
                "les placements.",
            ),
            (
                "Une lettre d'information sur les nouveautés",
                "Un e-mail mensuel qui présente les nouveautés de l'appli et du site.",
            ),
        ),
    ),
    Idea(
        "Un récapitulatif annuel de mes dépenses",
        "En fin d'année, un bilan de mes dépenses et de mon épargne, avec quelques chiffres "
        "clés, serait amusant et utile pour préparer l'année suivante.",
        (
            (
                "Comparer mes dépenses avec l'année précédente",
                "Voir l'évolution de mes grands postes de dépense sur deux ans.",
            ),
            (
                "Préparer sa déclaration d'impôts avec les bons chiffres",
                "Un récapitulatif des intérêts perçus et des éléments utiles à la déclaration.",
            ),
        ),
    ),
    Idea(
        "Masquer certains comptes dans l'appli",
        "J'ai d'anciens comptes et livrets que je ne consulte jamais. Pouvoir les masquer de "
        "l'écran principal rendrait l'appli plus lisible.",
        (
            (
                "Renommer mes comptes dans l'appli",
                "Donner un nom à mes comptes (« compte courses », « épargne vacances »).",
            ),
            (
                "Changer l'ordre des comptes",
                "Afficher en premier le compte que j'utilise le plus.",
            ),
        ),
    ),
    Idea(
        "Ouvrir un livret en quelques clics",
        "Ouvrir un nouveau livret demande encore plusieurs jours. Une ouverture immédiate "
        "depuis l'appli, pour les clients déjà identifiés, serait logique.",
        (
            (
                "Plusieurs livrets pour différents projets",
                "Pouvoir ouvrir plusieurs livrets du même type pour séparer ses projets.",
            ),
            (
                "Clôturer un livret en ligne",
                "Clôturer un livret vide depuis l'espace client, sans courrier.",
            ),
        ),
    ),
    Idea(
        "Simuler les intérêts de mon épargne",
        "Un simulateur qui montre ce que rapporteront mes versements sur un, cinq ou dix ans, "
        "selon le livret choisi, aiderait à se projeter.",
        (
            (
                "Voir les intérêts acquis en cours d'année",
                "Afficher les intérêts déjà acquis sur le livret, sans attendre la fin de l'année.",
            ),
            (
                "Comparer les rendements des placements proposés",
                "Un tableau comparatif des rendements passés et des frais des placements.",
            ),
        ),
    ),
    Idea(
        "Une assurance emprunteur moins chère",
        "Pour mon prêt, l'assurance emprunteur proposée coûtait presque autant que les "
        "intérêts. Une offre plus compétitive, ou un accompagnement pour la délégation, serait "
        "apprécié.",
        (
            (
                "Simplifier le changement d'assurance emprunteur",
                "Un parcours en ligne pour changer d'assurance emprunteur en cours de prêt.",
            ),
            (
                "Afficher le coût total de l'assurance du prêt",
                "Voir clairement ce que l'assurance coûte sur toute la durée du prêt.",
            ),
        ),
    ),
    Idea(
        "Une offre pour les travailleurs indépendants",
        "Comme auto-entrepreneur, j'ai besoin d'un compte séparé pour mon activité. Une offre "
        "simple pour les indépendants, gérée dans la même appli, serait idéale.",
        (
            (
                "Éditer des factures depuis l'appli",
                "Créer et envoyer des factures simples, et voir leur paiement arriver.",
            ),
            (
                "Séparer dépenses perso et pro sur un même compte",
                "Marquer certaines opérations comme professionnelles pour les retrouver.",
            ),
        ),
    ),
    Idea(
        "Afficher le détail des paiements en devises",
        "Pour les paiements hors euro, je voudrais voir le montant d'origine, le taux appliqué "
        "et la commission, pas seulement le total débité.",
        (
            (
                "Un compte en devises pour les voyageurs",
                "Garder des dollars ou des livres sur un sous-compte pour les voyages réguliers.",
            ),
            (
                "Prévenir des frais avant un paiement à l'étranger",
                "Une notification qui rappelle les frais lors du premier paiement dans un pays.",
            ),
        ),
    ),
    Idea(
        "Envoyer de l'argent à l'étranger moins cher",
        "J'envoie régulièrement de l'argent à ma famille hors d'Europe. Les frais des virements "
        "internationaux sont élevés : une offre plus compétitive serait bienvenue.",
        (
            (
                "Suivre un virement international",
                "Savoir où en est un virement international et quand il sera crédité.",
            ),
            (
                "Enregistrer des bénéficiaires hors zone SEPA en ligne",
                "Ajouter un bénéficiaire à l'étranger sans formulaire papier.",
            ),
        ),
    ),
    Idea(
        "Préparer le budget des vacances",
        "Avant les vacances, pouvoir mettre de côté une enveloppe dédiée et suivre les "
        "dépenses du séjour à part faciliterait la gestion.",
        (
            (
                "Un mode voyage dans l'appli",
                "Activer un mode voyage qui prévient la banque, affiche les frais et le numéro "
                "d'assistance.",
            ),
            (
                "Prévenir la banque de ses déplacements",
                "Indiquer ses dates de voyage pour éviter les blocages de carte pour suspicion "
                "de fraude.",
            ),
        ),
    ),
    Idea(
        "Des relevés uniquement en ligne par défaut",
        "Je reçois encore des relevés papier alors que je les consulte en ligne. Le zéro papier "
        "devrait être le choix par défaut pour les clients d'une banque en ligne.",
        (
            (
                "Être prévenu quand un nouveau relevé est disponible",
                "Un e-mail ou une notification à la mise en ligne de chaque relevé.",
            ),
            (
                "Des courriers officiels en version électronique",
                "Recevoir aussi les courriers officiels dans l'espace client plutôt que par la "
                "poste.",
            ),
        ),
    ),
    Idea(
        "Un assistant pour préparer sa retraite",
        "Un outil qui estime l'épargne à constituer pour la retraite et propose un plan de "
        "versements réguliers serait rassurant.",
        (
            (
                "Un plan d'épargne retraite en ligne",
                "Ouvrir et alimenter un plan d'épargne retraite depuis l'espace client.",
            ),
            (
                "Simuler l'effet fiscal de l'épargne retraite",
                "Voir l'économie d'impôt selon les versements envisagés.",
            ),
        ),
    ),
    Idea(
        "Une offre spéciale pour les étudiants",
        "Les étudiants ont des besoins particuliers : carte gratuite, petit découvert, prêt "
        "étudiant. Une offre dédiée attirerait les jeunes clients.",
        (
            (
                "Un prêt étudiant simple en ligne",
                "Demander un prêt étudiant en ligne, avec caution parentale dématérialisée.",
            ),
            (
                "Une carte gratuite pour les moins de 25 ans",
                "Pas de cotisation de carte pour les jeunes, sans condition de revenus.",
            ),
        ),
    ),
    Idea(
        "Donner à une association depuis l'appli",
        "Faire un don à une association partenaire en quelques clics, et retrouver le reçu "
        "fiscal dans l'espace client, serait une belle initiative.",
        (
            (
                "Arrondir ses paiements au profit d'une association",
                "L'arrondi de chaque paiement reversé à une association choisie.",
            ),
            (
                "Retrouver ses reçus fiscaux de dons",
                "Un endroit où retrouver les reçus fiscaux des dons faits par virement.",
            ),
        ),
    ),
    Idea(
        "Consulter ses comptes sur une montre connectée",
        "Voir son solde et recevoir les notifications de paiement sur sa montre serait un "
        "gadget bien pratique au quotidien.",
        (
            (
                "Des raccourcis dans l'appli pour les actions fréquentes",
                "Un raccourci pour le virement vers mon livret, que je fais chaque semaine.",
            ),
            (
                "Commander l'appli à la voix",
                "Demander son solde à l'assistant vocal du téléphone.",
            ),
        ),
    ),
    Idea(
        "Améliorer la recherche dans l'aide en ligne",
        "L'aide en ligne est riche mais introuvable : la recherche ne comprend pas les "
        "questions simples. Une meilleure recherche, avec les questions fréquentes en avant, "
        "éviterait bien des appels.",
        (
            (
                "Des tutoriels vidéo pour les opérations courantes",
                "Des vidéos courtes : ajouter un bénéficiaire, activer une carte, télécharger "
                "un relevé.",
            ),
            (
                "Une aide contextuelle sur chaque écran",
                "Un petit « ? » sur chaque écran qui explique ce qu'on peut y faire.",
            ),
        ),
    ),
    Idea(
        "Noter les réponses du service client",
        "Pouvoir évaluer chaque réponse du service client aiderait la banque à s'améliorer et "
        "valoriserait les conseillers qui font du bon travail.",
        (
            (
                "Publier les délais moyens de réponse",
                "Afficher les délais moyens de réponse du service client, en toute transparence.",
            ),
            (
                "Un espace pour les réclamations avec suivi",
                "Déposer une réclamation en ligne et suivre son traitement pas à pas.",
            ),
        ),
    ),
    Idea(
        "Recevoir sa nouvelle carte avant l'expiration de l'ancienne",
        "Ma carte a expiré avant que la nouvelle n'arrive, et je suis resté plusieurs jours "
        "sans moyen de paiement. Un envoi plus anticipé, avec un suivi, éviterait ce problème.",
        (
            (
                "Suivre l'envoi de sa carte",
                "Savoir quand la carte a été envoyée et quand elle devrait arriver.",
            ),
            (
                "Activer sa nouvelle carte dans l'appli",
                "Activer la carte reçue en un geste dans l'appli, sans premier retrait.",
            ),
        ),
    ),
    Idea(
        "Mettre à jour sa carte chez les marchands automatiquement",
        "À chaque renouvellement de carte, je dois mettre à jour mes abonnements un par un. La "
        "mise à jour automatique chez les marchands éviterait les paiements refusés.",
        (
            (
                "Lister les sites où ma carte est enregistrée",
                "Voir les marchands qui ont enregistré ma carte pour des paiements récurrents.",
            ),
            (
                "Prévenir avant l'expiration de la carte",
                "Un rappel un mois avant l'expiration de la carte, avec la date d'envoi de la "
                "nouvelle.",
            ),
        ),
    ),
    Idea(
        "Un écran d'accueil qui montre l'essentiel",
        "L'écran d'accueil de l'appli affiche des offres commerciales avant mes comptes. Je "
        "préférerais voir d'abord mon solde, mes dernières opérations et mes alertes.",
        (
            (
                "Moins de bannières publicitaires dans l'appli",
                "Réduire les bannières d'offres dans l'appli, ou pouvoir les masquer.",
            ),
            (
                "Des notifications utiles plutôt que commerciales",
                "Recevoir des notifications sur mes comptes, pas des offres.",
            ),
        ),
    ),
    Idea(
        "Gérer ses préférences de confidentialité",
        "Je voudrais savoir quelles données la banque utilise pour ses offres et pouvoir m'y "
        "opposer simplement, depuis une page dédiée de l'espace client.",
        (
            (
                "Télécharger toutes mes données personnelles",
                "Un export de toutes les données que la banque détient sur moi.",
            ),
            (
                "Ne pas partager mes données avec les partenaires",
                "Une option claire pour refuser la transmission de mes données aux partenaires.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Duplicate:
    """A suggestion an adviser merged into an earlier one that said the same thing."""

    original: str
    title: str
    body: str


DUPLICATES: tuple[Duplicate, ...] = (
    Duplicate(
        TOP_IDEA,
        "Stop aux prospectus dans ma boîte aux lettres",
        "Je ne veux plus recevoir les publicités papier de la banque, tout ça part à la "
        "poubelle. Une option pour dire non, s'il vous plaît !",
    ),
    Duplicate(
        "Le paiement sans contact (NFC) sur la carte",
        "Carte sans contact, c'est pour quand ?",
        "Toutes les banques de mes proches ont le sans contact. Est-ce prévu ici ?",
    ),
    Duplicate(
        "Mieux afficher les opérations à venir",
        "Voir les prélèvements à venir sur le compte",
        "J'aimerais voir à l'avance les prélèvements qui vont passer dans le mois.",
    ),
    Duplicate(
        "Proposer le virement instantané",
        "Virement immédiat entre particuliers",
        "Un virement qui arrive tout de suite sur le compte d'un ami, ce serait top.",
    ),
    Duplicate(
        "Recevoir une notification à chaque paiement par carte",
        "Être alerté à chaque achat par carte",
        "Une alerte sur mon téléphone quand ma carte est utilisée, pour détecter les fraudes.",
    ),
    Duplicate(
        "Mettre en place l'épargne automatique",
        "Épargner automatiquement chaque mois",
        "Un moyen d'épargner sans y penser, par exemple un virement automatique ajusté selon "
        "mon solde.",
    ),
)

# Openings and endings around the one-paragraph variants, so two customers writing about a
# similar need do not sound alike.
SUGGESTION_OPENERS: tuple[str, ...] = (
    "",
    "",
    "Bonjour,\n\n",
    "Bonjour à tous,\n\n",
    "Je suis à la banque depuis plusieurs années et je me permets une suggestion.\n\n",
    "Une idée qui me trotte dans la tête depuis un moment.\n\n",
    "Je ne sais pas si d'autres clients sont dans le même cas.\n\n",
)
SUGGESTION_CLOSERS: tuple[str, ...] = (
    "",
    "",
    "\n\nMerci d'avance !",
    "\n\nQu'en pensez-vous ?",
    "\n\nJe pense que beaucoup de clients attendent ça.",
    "\n\nMerci de votre écoute.",
    "\n\nVotez si vous êtes d'accord !",
)

# --- The committee ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fate:
    """What the committee decided about an idea, at which of the three meetings."""

    title: str
    meeting: int  # 1, 2 or 3
    outcome: str  # RETAINED, DEFERRED or REJECTED
    rationale: str
    internal_notes: str
    # RETAINED: the quarter it is planned for, counted from the quarter of loading.
    quarters_ahead: int | None = None
    # What happened next for a retained idea: "IN_PROGRESS", then maybe "DELIVERED".
    then: tuple[str, ...] = ()


FATES: tuple[Fate, ...] = (
    Fate(
        "Recevoir une notification à chaque paiement par carte",
        1,
        "RETAINED",
        "Une attente forte, simple à mettre en place avec notre prestataire monétique : le "
        "comité l'a retenue en priorité.",
        "Coût faible (paramétrage prestataire). Vérifier la charge sur le service de "
        "notifications avant ouverture à tous.",
        quarters_ahead=0,
        then=("IN_PROGRESS", "DELIVERED"),
    ),
    Fate(
        "Bloquer temporairement sa carte depuis l'appli",
        1,
        "RETAINED",
        "Le verrouillage temporaire évite des oppositions inutiles et rassure : le comité l'a "
        "retenu.",
        "Dépend de l'API de gestion des cartes du prestataire, livraison prévue en deux "
        "étapes (appli puis site).",
        quarters_ahead=0,
        then=("IN_PROGRESS",),
    ),
    Fate(
        "Personnaliser le nom des comptes externes dans l'écran de virement",
        1,
        "RETAINED",
        "Une amélioration simple qui évite des erreurs de virement : elle est retenue et "
        "planifiée.",
        "Petit chantier côté écran de virement ; à regrouper avec la refonte de la liste des "
        "bénéficiaires.",
        quarters_ahead=1,
    ),
    Fate(
        "Déposer un chèque en le photographiant",
        1,
        "REJECTED",
        "Très peu de chèques sont déposés par nos clients et la solution de dépôt par photo "
        "est coûteuse. Le comité préfère investir dans des virements plus rapides ; nous "
        "continuons d'envoyer des enveloppes prépayées sur simple demande.",
        "Environ 3 % des clients déposent plus d'un chèque par an. Coût de licence élevé pour "
        "ce volume.",
    ),
    Fate(
        "Des taux d'épargne progressifs",
        1,
        "DEFERRED",
        "Le comité a retenu l'idée sur le principe, mais elle attend son tour : elle dépend "
        "de la refonte de notre gamme d'épargne, prévue après les chantiers déjà planifiés. "
        "Nous reviendrons vers vous dès qu'une période sera fixée.",
        "Impact sur la marge d'intérêts à chiffrer par la direction financière. À revoir "
        "avec la nouvelle gamme d'épargne.",
    ),
    Fate(
        "Choisir le visuel de sa carte",
        1,
        "REJECTED",
        "Proposer plusieurs visuels augmenterait nettement le coût de fabrication des cartes "
        "pour un bénéfice limité. Le comité ne l'a pas retenue pour le moment.",
        "Surcoût fabricant par visuel supplémentaire, stock de cartes vierges à multiplier.",
    ),
    Fate(
        "Mieux afficher les opérations à venir",
        2,
        "RETAINED",
        "Voir les opérations à venir et un solde prévisionnel répond à une vraie difficulté "
        "de fin de mois : le comité l'a retenue.",
        "Nécessite de récupérer les prélèvements annoncés (préavis SEPA). Maquettes à valider "
        "avec des clients du Comptoir.",
        quarters_ahead=1,
    ),
    Fate(
        "Le paiement sans contact (NFC) sur la carte",
        2,
        "RETAINED",
        "Le sans contact arrivera sur les cartes au fil des renouvellements, avec la "
        "possibilité de l'activer ou de le couper depuis l'appli.",
        "Remplacement progressif du parc de cartes à chaque renouvellement ; envoi anticipé "
        "possible sur demande.",
        quarters_ahead=2,
    ),
    Fate(
        "Proposer une offre de crédit immobilier",
        2,
        "DEFERRED",
        "Le comité est favorable à une offre de crédit immobilier, mais elle demande un "
        "chantier important (partenaires, conseillers spécialisés). Elle attend son tour "
        "derrière les évolutions déjà planifiées ; nous vous tiendrons informés ici.",
        "Projet stratégique : cadrage avec la direction des risques et recrutement de "
        "conseillers crédit à prévoir au budget de l'an prochain.",
    ),
    Fate(
        "Supprimer les frais de retrait hors zone euro",
        2,
        "REJECTED",
        "Ces frais couvrent ce que nous facturent les réseaux internationaux. Les supprimer "
        "pour tous reviendrait à les faire payer par l'ensemble des clients. Nous étudions en "
        "revanche une meilleure information sur les frais avant chaque opération.",
        "Coût estimé trop élevé. Renvoyer vers l'idée sur l'affichage des frais.",
    ),
    Fate(
        "Un programme de remises chez des commerçants",
        2,
        "REJECTED",
        "Un programme de remises demande des partenariats commerciaux qui ne correspondent "
        "pas à nos priorités : le comité préfère concentrer ses efforts sur le quotidien du "
        "compte et de la carte.",
        "Rentabilité incertaine, risque d'image (démarchage). Non prioritaire.",
    ),
    Fate(
        TOP_IDEA,
        3,
        "RETAINED",
        "C'est l'idée la plus soutenue du Labo, et elle est retenue : vous pourrez bientôt "
        "refuser la publicité papier depuis vos préférences, tout en recevant les courriers "
        "obligatoires.",
        "Adresser la demande au marketing et au routeur de courrier ; mise à jour des "
        "préférences de contact côté espace client.",
        quarters_ahead=1,
    ),
    Fate(
        "Mettre en place l'épargne automatique",
        3,
        "RETAINED",
        "L'épargne automatique est retenue : virement du surplus vers le livret au-delà d'un "
        "seuil, puis l'arrondi des paiements dans un second temps.",
        "Deux lots : seuil (simple), arrondi (dépend du flux carte). Le lot 1 est planifié.",
        quarters_ahead=3,
    ),
    Fate(
        "Proposer le virement instantané",
        3,
        "RETAINED",
        "Le virement instantané est retenu, dans la limite d'un plafond par opération qui "
        "sera précisé au lancement.",
        "Adhésion au schéma de virement instantané à finaliser ; contrôle anti-fraude temps "
        "réel à renforcer.",
        quarters_ahead=2,
    ),
    Fate(
        "Ouvrir le service client le samedi",
        3,
        "DEFERRED",
        "Une ouverture le samedi suppose de renforcer l'équipe : le comité attend le bilan "
        "des recrutements en cours avant de se prononcer. L'idée reste à l'étude.",
        "Réexaminer au prochain comité avec les chiffres d'appels du samedi (serveur vocal).",
    ),
    Fate(
        "Investir en bourse depuis son compte",
        3,
        "REJECTED",
        "Proposer la bourse en direct demande un agrément et des outils que nous n'avons pas "
        "aujourd'hui. Le comité ne la retient pas ; l'assurance-vie reste notre offre de "
        "placement.",
        "Hors périmètre de la banque de détail pour l'instant.",
    ),
    Fate(
        "Retirer de l'argent sans carte",
        3,
        "REJECTED",
        "Nos clients utilisent les distributeurs de tous les réseaux, qui ne proposent pas "
        "le retrait par code. Ce n'est pas réalisable pour nous aujourd'hui.",
        "Nécessite un réseau de distributeurs propre. Non réalisable.",
    ),
)

# French month names, for dates written in public notes and meeting titles.
MONTHS: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip

MEETING_TITLE = "Comité des idées n°{number} ({month} {year})"

UNDER_REVIEW_NOTES: tuple[str, ...] = (
    "Merci pour cette idée : nous l'étudions avec les équipes concernées.",
    "Idée transmise aux équipes produit pour une première analyse.",
    "Nous regardons la faisabilité avec nos équipes techniques.",
    "Merci ! Nous étudions cette proposition et reviendrons vers vous ici.",
    "L'équipe expérience client étudie cette idée.",
)
SHORTLISTED_NOTE = "Idée retenue pour être présentée au comité du {date}."
SHORTLISTED_NEXT_NOTE = "Idée sélectionnée pour le prochain comité des idées."
DECISION_PERIOD_NOTE = " Période visée : {period}."
IN_PROGRESS_NOTE = "Les travaux ont commencé ! Nous donnerons des nouvelles ici."
DELIVERED_NOTE = "C'est en ligne : la fonctionnalité est disponible pour tous. Merci à vous !"
# It names no title: the duplicate links to its original (`duplicateOf`), while a quoted
# title would stay in the public history if the original were hidden.
DUPLICATE_NOTE = (
    "Cette idée en rejoint une plus ancienne qui dit la même chose : les votes y ont été "
    "reportés. Rendez-vous là-bas !"
)
DRAFT_DECISION_NOTES = (
    "Avis favorable en séance, publication après le chiffrage définitif de la DSI."
)

# Private comments of committee members on their scores.
EVALUATION_COMMENTS: dict[str, tuple[str, ...]] = {
    "RETAINED": (
        "Attente forte des clients, chiffrage raisonnable.",
        "Bénéfice client évident, à faire rapidement.",
        "Faisable avec l'équipe actuelle.",
        "Bon rapport bénéfice/coût.",
        "Très demandé au téléphone aussi.",
    ),
    "DEFERRED": (
        "Intéressant mais gros chantier.",
        "À revoir quand la feuille de route sera allégée.",
        "Bénéfice réel, coût à affiner.",
        "Dépend d'autres projets en cours.",
    ),
    "REJECTED": (
        "Coût disproportionné pour le bénéfice.",
        "Peu de clients concernés.",
        "Hors de notre cœur de métier.",
        "Contraintes techniques fortes.",
    ),
}

# --- The café: questions ------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A support question: how customers title it, what they write, what an adviser answers.
    The answer is framed with a greeting and the adviser's signature by the loader."""

    titles: tuple[str, ...]
    body: str
    answer: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        (
            "Comment activer la validation des opérations dans l'appli ?",
            "Validation forte : où l'activer ?",
            "Je ne reçois plus les codes pour valider mes paiements",
            "Passer de la validation par SMS à l'appli",
        ),
        "Lors d'un achat en ligne on me demande de valider dans l'appli, mais je ne trouve "
        "pas où activer cette option. Quelqu'un peut m'aider ?",
        "La validation dans l'appli s'active depuis le menu Profil > Sécurité > Appareil de "
        "confiance. Il vous suffit de suivre les étapes : un code vous est envoyé par SMS une "
        "seule fois pour enregistrer votre téléphone. Ensuite, chaque paiement en ligne se "
        "valide d'une simple confirmation.",
    ),
    Question(
        (
            "Impossible de me connecter à l'appli",
            "L'appli refuse mon code depuis la mise à jour",
            "Message « erreur technique » à la connexion",
            "Connexion bloquée sur mon nouveau téléphone",
        ),
        "Depuis hier, l'appli affiche une erreur quand je saisis mon code. Sur le site ça "
        "fonctionne. J'ai déjà redémarré le téléphone.",
        "Merci pour votre message. Dans la plupart des cas, il suffit de mettre l'appli à jour "
        "puis de vider son cache (ou de la désinstaller et la réinstaller). Vos comptes ne "
        "sont pas affectés. Si l'erreur persiste, écrivez-nous via la messagerie sécurisée en "
        "précisant le modèle de votre téléphone.",
    ),
    Question(
        (
            "Code secret oublié : comment le réinitialiser ?",
            "J'ai oublié mon mot de passe de connexion",
            "Compte bloqué après trois essais",
            "Réinitialiser mon code d'accès en ligne",
        ),
        "J'ai fait trois erreurs de code et mon accès est bloqué. Comment faire pour le "
        "récupérer sans attendre un courrier ?",
        "Vous pouvez réinitialiser votre code en ligne : sur l'écran de connexion, choisissez "
        "« Code oublié », puis confirmez votre identité avec votre date de naissance et le "
        "code reçu par SMS. Le nouvel accès est immédiat.",
    ),
    Question(
        (
            "Comment changer de téléphone sans perdre l'accès ?",
            "Nouveau téléphone : que faire pour l'appli ?",
            "Transférer l'appli sur un nouveau smartphone",
            "J'ai changé de mobile, l'appli ne me reconnaît plus",
        ),
        "Je change de téléphone la semaine prochaine. Est-ce que je dois faire quelque chose "
        "avant pour garder l'accès à mes comptes et à la validation des paiements ?",
        "Installez l'appli sur le nouveau téléphone et connectez-vous : elle vous proposera de "
        "l'enregistrer comme appareil de confiance, avec un code par SMS. L'ancien téléphone "
        "sera automatiquement retiré. Pensez à garder votre numéro de mobile à jour dans "
        "votre profil.",
    ),
    Question(
        (
            "Où trouver mon RIB dans l'appli ?",
            "Télécharger un RIB",
            "Besoin de mon RIB pour mon employeur",
            "Comment obtenir mon IBAN ?",
        ),
        "Mon nouvel employeur me demande un RIB. Je ne le trouve pas dans l'appli, seulement "
        "sur le site.",
        "Dans l'appli, touchez votre compte puis « RIB / IBAN » : vous pouvez l'afficher, le "
        "télécharger en PDF ou l'envoyer directement par e-mail.",
    ),
    Question(
        (
            "Paiement refusé alors que j'ai de l'argent sur le compte",
            "Carte refusée en magasin, pourquoi ?",
            "Ma carte ne passe plus depuis ce matin",
            "Refus de paiement sans raison",
        ),
        "Ce midi, ma carte a été refusée au restaurant alors que mon compte est largement "
        "créditeur. Très gênant... Que s'est-il passé ?",
        "Le plus souvent, un refus alors que le compte est créditeur vient du plafond de "
        "paiement sur 30 jours glissants. Vous pouvez le consulter dans Cartes > Plafonds, et "
        "demander une augmentation temporaire. Si votre plafond n'était pas atteint, "
        "écrivez-nous et nous vérifierons l'opération.",
    ),
    Question(
        (
            "Comment augmenter le plafond de ma carte ?",
            "Relever mon plafond de paiement pour un achat",
            "Plafond de carte trop bas pour mes vacances",
            "Augmentation temporaire du plafond : comment faire ?",
        ),
        "Je dois payer une grosse réparation de voiture et mon plafond ne suffit pas. Est-il "
        "possible de l'augmenter rapidement ?",
        "Oui : dans Cartes > Plafonds, vous pouvez demander une augmentation temporaire. Selon "
        "le montant, elle est accordée immédiatement ou après étude par un conseiller, en "
        "général dans la journée.",
    ),
    Question(
        (
            "Carte perdue : opposition ou blocage ?",
            "J'ai perdu ma carte, que faire ?",
            "Carte volée dans le métro",
            "Faire opposition sur ma carte le week-end",
        ),
        "Je ne retrouve plus ma carte depuis ce matin. Je ne sais pas si elle est perdue ou "
        "volée. Dois-je faire opposition tout de suite ?",
        "Si vous pensez qu'elle a été volée, faites opposition sans attendre dans Cartes > "
        "Opposition (ou au numéro d'urgence, 24 h/24). Une nouvelle carte vous sera envoyée "
        "automatiquement. Vérifiez aussi vos dernières opérations et signalez-nous tout "
        "paiement inconnu.",
    ),
    Question(
        (
            "Quand vais-je recevoir ma nouvelle carte ?",
            "Carte renouvelée toujours pas reçue",
            "Ma carte expire à la fin du mois",
            "Délai d'envoi d'une nouvelle carte",
        ),
        "Ma carte expire dans dix jours et je n'ai rien reçu. Est-ce normal ?",
        "Les cartes renouvelées sont envoyées environ trois semaines avant l'expiration. Si "
        "vous ne l'avez pas reçue à huit jours de la date, écrivez-nous : nous vérifierons "
        "l'adresse d'envoi et pourrons en commander une nouvelle.",
    ),
    Question(
        (
            "Paiement en double sur mon relevé",
            "Un commerçant m'a débité deux fois",
            "Opération carte débitée en double",
            "Comment récupérer un double débit ?",
        ),
        "Le même montant a été débité deux fois pour un seul achat en ligne. Comment "
        "récupérer mon argent ?",
        "Contactez d'abord le commerçant : c'est souvent une pré-autorisation qui disparaît "
        "d'elle-même sous quelques jours. Si le double débit est confirmé sur votre compte, "
        "vous pouvez contester l'opération depuis son détail dans l'appli, nous nous "
        "chargeons du reste.",
    ),
    Question(
        (
            "Opération inconnue sur mon compte",
            "Je ne reconnais pas un paiement",
            "Paiement frauduleux : que faire ?",
            "Débit suspect d'un site étranger",
        ),
        "Je vois un paiement de 49,90 € sur un site dont je n'ai jamais entendu parler. Que "
        "dois-je faire ?",
        "Faites opposition à votre carte sans attendre, puis contestez l'opération depuis son "
        "détail dans l'appli en indiquant « je ne reconnais pas cette opération ». Le "
        "remboursement intervient après vérification. Une nouvelle carte vous sera envoyée.",
    ),
    Question(
        (
            "Utiliser ma carte à l'étranger : des frais ?",
            "Frais de paiement hors zone euro",
            "Partir aux États-Unis avec ma carte",
            "Retrait d'espèces à l'étranger : combien ça coûte ?",
        ),
        "Je pars au Canada cet été. Quels sont les frais pour payer et retirer avec ma carte "
        "là-bas ?",
        "Hors zone euro, chaque paiement supporte une commission en pourcentage du montant, et "
        "chaque retrait une commission fixe en plus. Le détail est dans la brochure tarifaire "
        "(rubrique Cartes). Pensez aussi à vérifier que l'usage à l'étranger est bien activé "
        "dans les réglages de votre carte.",
    ),
    Question(
        (
            "Combien de temps prend un virement vers une autre banque ?",
            "Virement émis hier, toujours pas arrivé",
            "Délai d'un virement SEPA",
            "Mon virement n'est pas arrivé chez le destinataire",
        ),
        "J'ai fait un virement vers le compte de ma sœur dans une autre banque. Il n'est "
        "toujours pas arrivé. Combien de temps faut-il compter ?",
        "Un virement vers une autre banque de la zone euro arrive en général le jour ouvré "
        "suivant s'il est passé avant 16 h. Le week-end et les jours fériés ne comptent pas. "
        "Si le délai est dépassé, envoyez-nous la référence du virement et nous vérifierons.",
    ),
    Question(
        (
            "Annuler un virement déjà envoyé",
            "Je me suis trompé de bénéficiaire",
            "Virement envoyé par erreur : peut-on le récupérer ?",
            "Erreur de montant sur un virement",
        ),
        "J'ai envoyé un virement au mauvais bénéficiaire il y a une heure. Est-il possible de "
        "l'annuler ?",
        "Un virement immédiat ne peut plus être annulé une fois exécuté, mais nous pouvons "
        "demander un rappel des fonds à la banque du bénéficiaire. Écrivez-nous via la "
        "messagerie avec la référence : plus la demande est rapide, plus les chances de "
        "récupération sont bonnes.",
    ),
    Question(
        (
            "Ajouter un bénéficiaire : combien de temps d'attente ?",
            "Nouveau bénéficiaire non disponible",
            "Pourquoi je ne peux pas virer à un nouveau bénéficiaire ?",
            "Délai d'activation d'un bénéficiaire",
        ),
        "J'ai ajouté un bénéficiaire ce matin mais il n'apparaît pas dans la liste des "
        "virements. Faut-il attendre ?",
        "Par sécurité, un nouveau bénéficiaire validé par SMS est utilisable après un court "
        "délai. S'il a été validé dans l'appli sur un appareil de confiance, il est "
        "disponible tout de suite. Vous le retrouverez dans Virements > Bénéficiaires.",
    ),
    Question(
        (
            "Modifier un virement permanent",
            "Changer le montant de mon virement mensuel",
            "Supprimer un virement permanent",
            "Où gérer mes virements programmés ?",
        ),
        "Je voudrais modifier le montant du virement permanent vers mon livret. Je ne trouve "
        "pas comment faire.",
        "Vos virements permanents sont dans Virements > Virements programmés. Touchez celui à "
        "modifier : vous pouvez changer le montant et la date, ou le supprimer. La "
        "modification s'applique à la prochaine échéance.",
    ),
    Question(
        (
            "Virement vers un compte hors de l'Europe",
            "Envoyer de l'argent au Maroc",
            "Faire un virement international",
            "Virement en dollars : comment faire ?",
        ),
        "Je dois envoyer de l'argent à un membre de ma famille hors de l'Union européenne. "
        "Est-ce possible depuis l'espace client ?",
        "Oui, depuis le site : Virements > Virement international. Il vous faudra le code "
        "BIC et l'IBAN (ou le numéro de compte) du bénéficiaire. Les frais et le taux de "
        "change sont indiqués avant la validation.",
    ),
    Question(
        (
            "Bloquer un prélèvement",
            "Faire opposition à un prélèvement",
            "Un organisme me prélève sans autorisation",
            "Refuser un prélèvement à venir",
        ),
        "Un ancien fournisseur continue à me prélever alors que j'ai résilié. Comment bloquer ça ?",
        "Vous pouvez révoquer le mandat du créancier dans Prélèvements > Mandats, ce qui "
        "bloque ses prélèvements futurs. Pour un prélèvement déjà passé et non autorisé, "
        "contestez-le depuis le détail de l'opération.",
    ),
    Question(
        (
            "Prélèvement rejeté : vais-je payer des frais ?",
            "Frais de rejet de prélèvement",
            "Mon prélèvement a été rejeté",
            "Solde insuffisant pour un prélèvement",
        ),
        "Un prélèvement a été rejeté faute de provision. Est-ce qu'il y a des frais, et "
        "comment régulariser ?",
        "Des frais de rejet peuvent s'appliquer, comme indiqué dans la brochure tarifaire. "
        "Pour régulariser, contactez le créancier pour convenir d'un nouveau paiement. Nous "
        "vous conseillons d'activer l'alerte de solde bas pour être prévenu à temps.",
    ),
    Question(
        (
            "Comment déposer un chèque ?",
            "Où envoyer mes chèques ?",
            "Encaisser un chèque sans agence",
            "Bordereau de remise de chèque",
        ),
        "On m'a donné un chèque. Comment l'encaisser puisqu'il n'y a pas d'agence ?",
        "Imprimez un bordereau de remise depuis l'espace client (Chèques > Remettre un "
        "chèque), signez le chèque au dos et envoyez le tout à l'adresse indiquée sur le "
        "bordereau. Le montant est crédité quelques jours après réception.",
    ),
    Question(
        (
            "Commander un chéquier",
            "Je n'ai plus de chèques",
            "Délai de réception d'un chéquier",
            "Recevoir un chéquier rapidement",
        ),
        "Je n'ai plus de chèques et j'en ai besoin pour une caution. Comment en commander un ?",
        "La commande se fait depuis le site, rubrique Chèques > Commander un chéquier. Il vous "
        "est envoyé à votre adresse sous une dizaine de jours.",
    ),
    Question(
        (
            "Où trouver mes anciens relevés ?",
            "Télécharger un relevé de l'an dernier",
            "Relevés de plus d'un an",
            "Obtenir des relevés anciens pour mon dossier",
        ),
        "Pour un dossier de location, on me demande mes relevés des trois derniers mois, et "
        "pour un autre dossier ceux de l'an dernier. Où les trouver ?",
        "Les relevés des derniers mois se téléchargent dans Documents > Relevés. Pour des "
        "relevés plus anciens, faites la demande par la messagerie : nous vous les déposons "
        "dans votre espace documents sous quelques jours.",
    ),
    Question(
        (
            "Obtenir une attestation de compte",
            "Attestation de domiciliation bancaire",
            "Besoin d'une attestation de solde",
            "Document prouvant que j'ai un compte chez vous",
        ),
        "Mon administration me demande une attestation de détention de compte. Comment l'obtenir ?",
        "Vous pouvez la générer vous-même dans Documents > Attestations. Elle est datée et "
        "signée électroniquement, et acceptée par la plupart des organismes.",
    ),
    Question(
        (
            "Recevoir le récapitulatif annuel des frais",
            "Où est le relevé annuel des frais ?",
            "Montant total des frais de l'année",
            "Récapitulatif des frais bancaires",
        ),
        "Je voudrais connaître le total des frais payés l'an dernier. Existe-t-il un "
        "document récapitulatif ?",
        "Oui : le récapitulatif annuel des frais est disponible chaque année en janvier dans "
        "Documents > Relevés, rubrique « Récapitulatif des frais ».",
    ),
    Question(
        (
            "Ouvrir un livret d'épargne",
            "Comment ouvrir un livret en ligne ?",
            "Ouvrir un deuxième livret",
            "Livret : combien de temps pour l'ouverture ?",
        ),
        "Je voudrais ouvrir un livret pour commencer à épargner. C'est possible en ligne ?",
        "Bien sûr : dans Épargne > Ouvrir un livret, choisissez le livret et suivez les "
        "étapes. L'ouverture est confirmée sous 48 h et vous pourrez y faire un premier "
        "versement dès l'activation.",
    ),
    Question(
        (
            "Quand sont versés les intérêts du livret ?",
            "Intérêts du livret : calcul et versement",
            "Je ne vois pas mes intérêts d'épargne",
            "À quelle date les intérêts sont-ils crédités ?",
        ),
        "J'ai un livret depuis six mois et je ne vois aucun intérêt crédité. Est-ce normal ?",
        "Oui : les intérêts sont calculés par quinzaine et crédités une fois par an, au 31 "
        "décembre. Vous les verrez apparaître sur votre livret début janvier.",
    ),
    Question(
        (
            "Virer de l'argent de mon livret vers mon compte",
            "Retirer de l'argent de mon livret",
            "Délai pour récupérer mon épargne",
            "Virement livret vers compte courant",
        ),
        "J'ai besoin de récupérer une partie de mon épargne. Le virement du livret vers le "
        "compte est-il immédiat ?",
        "Oui, un virement entre vos comptes ici est immédiat, y compris depuis un livret. "
        "Passez par Virements > Entre mes comptes.",
    ),
    Question(
        (
            "Faire des versements réguliers sur l'assurance-vie",
            "Mettre en place des versements programmés",
            "Assurance-vie : versement mensuel automatique",
            "Modifier mes versements programmés",
        ),
        "Je voudrais verser 100 € par mois sur mon assurance-vie automatiquement. Comment faire ?",
        "Depuis votre contrat (Épargne > Assurance-vie), choisissez « Versements programmés » : "
        "montant, date et répartition entre les supports. Vous pourrez les modifier ou les "
        "suspendre à tout moment.",
    ),
    Question(
        (
            "Changer d'adresse postale",
            "Je déménage : comment mettre à jour mon adresse ?",
            "Modifier mes coordonnées",
            "Nouvelle adresse : quel justificatif ?",
        ),
        "Je déménage le mois prochain. Comment changer mon adresse et faut-il un justificatif ?",
        "Vous pouvez modifier votre adresse dans Profil > Coordonnées, en joignant un "
        "justificatif de domicile de moins de trois mois (photo ou PDF). La mise à jour est "
        "effective sous 48 h.",
    ),
    Question(
        (
            "Changer mon numéro de téléphone",
            "Nouveau numéro de mobile : comment le modifier ?",
            "Je ne reçois plus les SMS, j'ai changé de numéro",
            "Mettre à jour mon numéro de portable",
        ),
        "J'ai changé de numéro de mobile et je ne reçois plus les codes de validation. Comment "
        "le mettre à jour ?",
        "Rendez-vous dans Profil > Coordonnées. Pour votre sécurité, le changement de numéro "
        "est confirmé par un code envoyé à votre adresse e-mail, puis par un courrier. Si "
        "vous n'avez plus accès à l'ancien numéro, écrivez-nous par la messagerie.",
    ),
    Question(
        (
            "Ouvrir un compte joint",
            "Comment transformer mon compte en compte joint ?",
            "Ajouter mon conjoint sur mon compte",
            "Compte joint : les démarches",
        ),
        "Avec mon conjoint, nous voudrions un compte joint. Peut-on transformer mon compte "
        "actuel ou faut-il en ouvrir un nouveau ?",
        "Il faut ouvrir un nouveau compte joint : la demande se fait en ligne, chacun des "
        "titulaires complète et signe sa partie. Vos comptes individuels restent ouverts.",
    ),
    Question(
        (
            "Clôturer mon compte",
            "Comment fermer un compte ?",
            "Fermer mon livret",
            "Clôture d'un compte secondaire",
        ),
        "Je voudrais fermer un compte secondaire que je n'utilise plus. Quelle est la démarche ?",
        "Pour un livret, la clôture se fait en ligne dans Épargne > Mon livret > Clôturer. "
        "Pour un compte courant, envoyez la demande par la messagerie : nous vérifions qu'il "
        "n'y a plus d'opération en cours, puis nous virons le solde vers le compte de votre "
        "choix.",
    ),
    Question(
        (
            "Donner procuration à un proche",
            "Procuration sur mon compte",
            "Mon fils peut-il gérer mon compte ?",
            "Mettre en place une procuration",
        ),
        "Je voudrais que ma fille puisse faire des opérations sur mon compte. Comment mettre "
        "en place une procuration ?",
        "Le formulaire de procuration est dans Documents > Formulaires. Il doit être signé par "
        "vous et par la personne mandataire, avec une copie de sa pièce d'identité. La "
        "procuration est active dès sa validation.",
    ),
    Question(
        (
            "Déclarer mes revenus : document fiscal",
            "Où trouver l'imprimé fiscal unique ?",
            "Intérêts à déclarer aux impôts",
            "Document pour la déclaration de revenus",
        ),
        "Pour ma déclaration de revenus, j'ai besoin du document qui récapitule les intérêts "
        "perçus. Où le trouver ?",
        "L'imprimé fiscal unique est déposé chaque année dans Documents > Fiscalité, avant "
        "l'ouverture de la déclaration en ligne. Les montants sont en général déjà "
        "pré-remplis sur votre déclaration.",
    ),
    Question(
        (
            "Faire une simulation de prêt personnel",
            "Demander un prêt pour une voiture",
            "Prêt personnel : quel délai de réponse ?",
            "Emprunter pour des travaux",
        ),
        "Je voudrais emprunter 8 000 € pour une voiture. Comment faire une simulation et "
        "quel est le délai de réponse ?",
        "La simulation se fait dans Crédits > Prêt personnel : montant, durée, et vous voyez "
        "la mensualité et le coût total. Une réponse de principe s'affiche immédiatement ; "
        "l'offre définitive suit après envoi des justificatifs.",
    ),
    Question(
        (
            "Rembourser mon prêt par anticipation",
            "Remboursement anticipé d'un crédit",
            "Solder mon prêt en avance",
            "Frais de remboursement anticipé",
        ),
        "J'ai reçu une prime et je voudrais rembourser une partie de mon prêt. Comment faire "
        "et y a-t-il des frais ?",
        "Vous pouvez en faire la demande par la messagerie en indiquant le montant. Les "
        "éventuelles indemnités sont prévues par votre contrat ; nous vous envoyons un "
        "décompte précis avant toute opération.",
    ),
    Question(
        (
            "Attestation d'assurance voyage de ma carte",
            "Ma carte couvre-t-elle l'annulation de voyage ?",
            "Assurance de la carte à l'étranger",
            "Obtenir une attestation d'assistance",
        ),
        "Je pars en voyage et l'agence me demande une attestation d'assurance de ma carte. "
        "Où l'obtenir ?",
        "L'attestation se demande auprès de l'assureur de la carte, dont le numéro figure "
        "dans Cartes > Assurances et assistance. Vous y trouverez aussi le résumé des "
        "garanties incluses.",
    ),
    Question(
        (
            "Recevoir un e-mail suspect au nom de la banque",
            "Est-ce un message de hameçonnage ?",
            "SMS bizarre me demandant mes codes",
            "Faux conseiller au téléphone",
        ),
        "J'ai reçu un SMS qui me demande de confirmer mes coordonnées bancaires via un lien. "
        "Est-ce vraiment vous ?",
        "Non : nous ne vous demanderons jamais vos codes ni vos coordonnées par SMS, e-mail ou "
        "téléphone. Ne cliquez pas sur le lien et supprimez le message. Si vous avez saisi des "
        "informations, changez votre code et écrivez-nous immédiatement.",
    ),
    Question(
        (
            "Activer les notifications de l'appli",
            "Je ne reçois pas les alertes",
            "Notifications de paiement : comment les régler ?",
            "Paramétrer mes alertes de compte",
        ),
        "Je voudrais être averti quand mon solde est bas, mais je ne reçois aucune "
        "notification. Que faut-il régler ?",
        "Vérifiez d'abord que les notifications de l'appli sont autorisées dans les réglages "
        "du téléphone. Ensuite, dans Profil > Alertes, activez les alertes souhaitées "
        "(solde bas, virement reçu...) et choisissez les seuils.",
    ),
    Question(
        (
            "Qu'est-ce qu'une commission d'intervention ?",
            "Frais inconnus sur mon relevé",
            "Pourquoi ces frais de 8 € ?",
            "Commission prélevée en fin de mois",
        ),
        "Je vois des frais de commission d'intervention sur mon relevé. À quoi correspondent-ils ?",
        "La commission d'intervention est facturée lorsqu'une opération nécessite un "
        "traitement particulier, par exemple un paiement qui dépasse le découvert autorisé. "
        "Elle est plafonnée par jour et par mois. Si vous pensez qu'elle est injustifiée, "
        "écrivez-nous, nous l'examinerons.",
    ),
    Question(
        (
            "Comment fonctionne le découvert autorisé ?",
            "Demander un découvert",
            "Augmenter mon autorisation de découvert",
            "Coût du découvert autorisé",
        ),
        "Je n'ai pas d'autorisation de découvert. Est-il possible d'en demander une, et "
        "combien ça coûte ?",
        "Vous pouvez en faire la demande dans Compte > Découvert autorisé. Le montant dépend "
        "de vos revenus. Les intérêts ne s'appliquent qu'aux jours où vous êtes à découvert, "
        "au taux indiqué dans la brochure tarifaire.",
    ),
    Question(
        (
            "Payer avec mon téléphone",
            "Ajouter ma carte au portefeuille du téléphone",
            "Paiement mobile compatible ?",
            "Payer sans carte en magasin",
        ),
        "Est-ce que je peux ajouter ma carte au portefeuille de mon téléphone pour payer en "
        "magasin ?",
        "Pas encore : le paiement mobile fait partie des évolutions étudiées, en lien avec "
        "le sans contact. N'hésitez pas à soutenir l'idée dans le Labo ; nous annoncerons son "
        "arrivée ici.",
    ),
    Question(
        (
            "Parrainer un ami",
            "Comment fonctionne le parrainage ?",
            "Prime de parrainage non reçue",
            "Où trouver mon code de parrainage ?",
        ),
        "Un ami veut ouvrir un compte. Comment le parrainer, et quand la prime est-elle versée ?",
        "Votre code de parrainage est dans Profil > Parrainage. Votre filleul le saisit à "
        "l'ouverture de son compte ; la prime est versée une fois son compte actif et sa "
        "première opération par carte effectuée.",
    ),
    Question(
        (
            "Transférer mon épargne d'une autre banque",
            "Changer de banque : comment transférer mes comptes ?",
            "Mobilité bancaire : qui prévient mes créanciers ?",
            "Domicilier mon salaire ici",
        ),
        "Je veux faire de cette banque ma banque principale. Qui s'occupe de prévenir mon "
        "employeur et mes fournisseurs ?",
        "Le service de mobilité bancaire s'en charge : signez le mandat en ligne dans Compte > "
        "Changer de banque, nous contactons votre ancienne banque puis vos émetteurs de "
        "prélèvements et de virements. Comptez environ trois semaines.",
    ),
)

QUESTION_OPENERS: tuple[str, ...] = (
    "",
    "",
    "Bonjour,\n\n",
    "Bonjour à tous,\n\n",
    "Bonsoir,\n\n",
    "Hello,\n\n",
)
QUESTION_CLOSERS: tuple[str, ...] = (
    "",
    "\n\nMerci d'avance pour votre aide.",
    "\n\nMerci !",
    "\n\nBonne journée.",
    "\n\nC'est un peu urgent, merci pour votre retour.",
)
# Adviser's answer frame: greeting with the customer's first name, signature.
ANSWER_FRAME = "Bonjour {customer},\n\n{answer}\n\nBonne journée,\n{adviser}, {role} en ligne"
ADVISER_ROLE = ("conseiller", "conseillère")

# Other customers chiming in before the answer.
QUESTION_ME_TOO: tuple[str, ...] = (
    "Même problème de mon côté, je suis la discussion.",
    "Pareil pour moi depuis hier, j'attends aussi la réponse.",
    "Je me posais exactement la même question !",
    "J'ai eu ce souci le mois dernier, ça s'était réglé tout seul au bout de deux jours.",
    "Bonne question, la réponse m'intéresse aussi.",
    "Idem, je n'ai pas trouvé dans l'aide en ligne.",
)
# The author, once answered, when the answer solved it. Customers often just say thanks and
# leave the button to the adviser, who then marks the question resolved for them; an author
# who says they mark it did it themselves.
MARKS_IT_RESOLVED = "Top, merci. Je marque la question comme résolue."
QUESTION_THANKS_RESOLVED: tuple[str, ...] = (
    "Merci beaucoup, c'est réglé !",
    "Parfait, ça a fonctionné. Merci pour la rapidité !",
    "Super, merci, je n'avais pas vu cette option.",
    "C'est bon pour moi, merci pour l'explication claire.",
    "Problème résolu, merci !",
    MARKS_IT_RESOLVED,
    "Merci, tout est rentré dans l'ordre.",
)
# The author, answered, not (yet) sure.
QUESTION_THANKS_PENDING: tuple[str, ...] = (
    "Merci, je teste ce soir et je vous dis.",
    "D'accord, je vais essayer ça.",
    "Merci pour la réponse, je regarde.",
    "Ok, j'attends encore un peu alors.",
)
# Another customer, after the official answer.
QUESTION_AFTERWORDS: tuple[str, ...] = (
    "Merci, j'avais la même question.",
    "Bon à savoir, merci pour l'info !",
    "Ça m'a servi aussi, merci.",
)
# Advisers' notes for each other (never shown to customers).
INTERNAL_NOTES: tuple[str, ...] = (
    "Cas remonté au back-office monétique, ticket ouvert.",
    "Client rappelé par téléphone, situation expliquée.",
    "Vérifié dans l'outil cartes : rien d'anormal côté autorisations.",
    "À surveiller : troisième signalement de ce type cette semaine.",
    "Dossier transmis au service réclamations.",
)

# --- The café: discussions ----------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A subject customers talk about. `name` is used in sentences ("l'appli mobile"),
    `of` after "de" ("de l'appli mobile"); the sentences are first-person."""

    name: str
    of: str
    opinion: str
    tip: str
    praise: str
    gripe: str
    replies: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "l'appli mobile",
        "de l'appli mobile",
        "Je la trouve rapide et claire, mais il manque encore quelques fonctions du site.",
        "j'ai mis mon compte courant et mon livret en favoris, ça évite de chercher.",
        "La dernière mise à jour a rendu la connexion bien plus rapide.",
        "Depuis la mise à jour, je dois me reconnecter à chaque ouverture, c'est pénible.",
        (
            "Chez moi elle marche très bien, même sur un vieux téléphone.",
            "Il manque encore l'export des relevés, sinon rien à redire.",
            "J'aimerais bien un mode sombre, le soir ça pique les yeux.",
        ),
    ),
    Topic(
        "le site internet",
        "du site internet",
        "Il est complet, mais certaines pages sont un peu datées.",
        "je garde un onglet ouvert sur la page des opérations et je la rafraîchis.",
        "La nouvelle page d'accueil est beaucoup plus lisible.",
        "La déconnexion automatique arrive vraiment trop vite.",
        (
            "Je préfère le site pour les virements, l'écran est plus grand.",
            "Le site est plus complet que l'appli, je l'utilise pour les documents.",
            "Sur tablette le site s'affiche mal chez moi.",
        ),
    ),
    Topic(
        "la carte à débit différé",
        "de la carte à débit différé",
        "C'est pratique pour étaler, mais il faut bien suivre ses dépenses.",
        "je note dans un carnet le total du mois en cours, pour ne pas être surpris.",
        "Passer au débit différé m'a simplifié la gestion des fins de mois.",
        "Je me suis fait piéger par le débit en fin de mois, il faut vraiment anticiper.",
        (
            "J'ai repris le débit immédiat, plus simple à suivre.",
            "Le total en cours affiché dans l'appli aide beaucoup.",
            "Ça dépend des profils, pour moi c'est parfait.",
        ),
    ),
    Topic(
        "les virements",
        "des virements",
        "Ils sont simples à faire, mais les délais vers les autres banques restent longs.",
        "je programme mes virements de loyer deux jours avant, pour être tranquille.",
        "L'ajout d'un bénéficiaire est devenu beaucoup plus rapide.",
        "Attendre un jour ouvré pour qu'un virement arrive, ça fait vieux jeu.",
        (
            "Vivement le virement instantané, il a été retenu dans le Labo !",
            "Entre mes propres comptes c'est immédiat, c'est déjà ça.",
            "Le week-end c'est le plus frustrant.",
        ),
    ),
    Topic(
        "le livret d'épargne",
        "du livret d'épargne",
        "Le taux n'est pas extraordinaire mais c'est simple et disponible.",
        "j'ai un virement permanent de 50 € le jour de la paie, je ne le sens pas passer.",
        "Les virements entre le livret et le compte sont immédiats, c'est appréciable.",
        "Le taux est resté bas alors que d'autres banques font des offres.",
        (
            "J'ai voté pour les taux progressifs dans le Labo, croisons les doigts.",
            "Pour l'épargne de précaution c'est parfait.",
            "Je compare chaque année, mais la simplicité me fait rester.",
        ),
    ),
    Topic(
        "l'assurance-vie",
        "de l'assurance-vie",
        "C'est un bon placement sur le long terme, mais les supports sont difficiles à comparer.",
        "je fais des versements programmés mensuels, même petits, ça lisse les variations.",
        "Les frais sur versement sont plus bas que dans mon ancienne banque.",
        "Les documents sur les supports sont vraiment indigestes.",
        (
            "Le fonds en euros suffit pour mon profil.",
            "Je regrette qu'il n'y ait pas plus de fonds responsables.",
            "Pensez à la clause bénéficiaire, on l'oublie souvent.",
        ),
    ),
    Topic(
        "le paiement sans contact",
        "du paiement sans contact",
        "Avec la carte de mon autre banque, c'est tellement plus rapide à la boulangerie.",
        "en attendant, je garde la carte d'une autre banque pour les petits achats.",
        "Presque tous les commerçants l'acceptent maintenant, même pour un café.",
        "Ma carte d'ici ne l'a pas encore, c'est frustrant à chaque passage en caisse.",
        (
            "Il a été retenu par le comité, ça devrait arriver avec les nouvelles cartes.",
            "Je préfère pouvoir le couper, donc l'option dans l'appli sera bienvenue.",
            "Pour les transports en commun c'est idéal.",
        ),
    ),
    Topic(
        "les notifications",
        "des notifications",
        "Elles sont utiles, à condition de bien les régler.",
        "j'ai activé seulement les alertes de solde bas et de virement reçu.",
        "L'alerte de virement reçu me prévient dès que le salaire tombe, top.",
        "J'en reçois trop, des offres surtout, et pas assez sur mes comptes.",
        (
            "Chez moi elles arrivent parfois avec un peu de retard.",
            "L'alerte à chaque paiement carte est vraiment rassurante.",
            "Il faudrait pouvoir choisir l'heure de la synthèse quotidienne.",
        ),
    ),
    Topic(
        "le service client",
        "du service client",
        "Les conseillers sont compétents, mais l'attente au téléphone varie beaucoup.",
        "j'appelle en milieu de matinée, c'est là qu'il y a le moins d'attente.",
        "J'ai eu une conseillère très efficace la semaine dernière, problème réglé en cinq "
        "minutes.",
        "Les réponses à la messagerie arrivent parfois deux jours plus tard.",
        (
            "Le Comptoir est souvent plus rapide que le téléphone, d'ailleurs.",
            "Une ouverture le samedi, ça serait top.",
            "Je n'ai jamais eu de mauvaise expérience, pour ma part.",
        ),
    ),
    Topic(
        "les frais bancaires",
        "des frais bancaires",
        "Ils restent raisonnables par rapport à une banque traditionnelle.",
        "je relis la brochure tarifaire une fois par an, il y a parfois des surprises.",
        "Je paie trois fois moins de frais qu'avant, tout compris.",
        "Les frais à l'étranger pèsent lourd quand on voyage souvent.",
        (
            "Le récapitulatif annuel des frais aide à y voir clair.",
            "Pour un usage en France c'est quasiment gratuit.",
            "Les commissions d'intervention, c'est là que ça pique.",
        ),
    ),
    Topic(
        "le découvert autorisé",
        "du découvert autorisé",
        "C'est une sécurité, mais il faut éviter d'y rester.",
        "j'ai une alerte à 100 € pour ne jamais y toucher sans le savoir.",
        "On m'a accordé une augmentation en une journée, très réactif.",
        "Le taux du découvert est élevé, on s'en rend compte trop tard.",
        (
            "Pour moi c'est une roue de secours, pas plus.",
            "L'alerte de solde bas m'a évité plusieurs fois d'y plonger.",
            "Mieux vaut un petit prêt qu'un découvert qui dure.",
        ),
    ),
    Topic(
        "le compte joint",
        "du compte joint",
        "C'est pratique pour les dépenses communes, tant qu'on se met d'accord sur les règles.",
        "on vire chacun une somme fixe le jour de la paie, et les dépenses communes passent "
        "dessus.",
        "Chacun a sa carte et ses alertes, ça fonctionne très bien chez nous.",
        "On ne sait pas toujours qui a payé quoi, les opérations sont mélangées.",
        (
            "On fait pareil, versement fixe au prorata des salaires.",
            "Ce serait bien d'afficher le nom du porteur de carte sur chaque paiement.",
            "Le compte joint c'est la paix des ménages, à condition de communiquer !",
        ),
    ),
    Topic(
        "le compte pour les ados",
        "du compte pour les ados",
        "C'est une bonne façon de leur apprendre à gérer un budget.",
        "on verse l'argent de poche chaque lundi par virement permanent.",
        "Mon fils suit ses dépenses dans l'appli, il est devenu très raisonnable.",
        "On aimerait plus de contrôle parental sur les achats en ligne.",
        (
            "Chez nous, à 15 ans, la carte à autorisation systématique est parfaite.",
            "Apprendre tôt, c'est important.",
            "Les plafonds bas rassurent les parents.",
        ),
    ),
    Topic(
        "le prêt personnel",
        "du prêt personnel",
        "La simulation en ligne est claire et la réponse rapide.",
        "je compare toujours le coût total, pas seulement la mensualité.",
        "J'ai eu l'argent en moins d'une semaine pour ma voiture.",
        "L'assurance facultative est proposée de façon un peu insistante.",
        (
            "Pensez à comparer avec un prêt auto du concessionnaire.",
            "Le taux était correct quand j'ai emprunté.",
            "Le remboursement anticipé s'est fait sans difficulté.",
        ),
    ),
    Topic(
        "le crédit immobilier",
        "du crédit immobilier",
        "Dommage qu'il n'y ait pas encore d'offre ici, j'ai dû aller ailleurs.",
        "passer par un courtier m'a fait gagner du temps et de l'argent.",
        "L'idée est très soutenue dans le Labo, c'est encourageant.",
        "Ma banque de crédit m'a imposé de domicilier mes revenus, c'est dommage.",
        (
            "J'espère que l'offre arrivera avant mon prochain projet.",
            "Le Labo montre que c'est très demandé, ça finira par arriver.",
            "Un simulateur serait déjà un bon début.",
        ),
    ),
    Topic(
        "l'assurance habitation",
        "de l'assurance habitation",
        "Je l'ai souscrite ailleurs faute d'offre ici, mais ce serait plus simple au même endroit.",
        "je refais des devis tous les deux ans, les prix bougent beaucoup.",
        "Mon sinistre de dégât des eaux a été remboursé en trois semaines.",
        "Les franchises sont souvent plus élevées qu'on ne croit.",
        (
            "Je compare toujours les garanties, pas seulement le prix.",
            "Regrouper ses contrats donne souvent une remise.",
            "Attention aux plafonds pour les objets de valeur.",
        ),
    ),
    Topic(
        "la carte à l'étranger",
        "de la carte à l'étranger",
        "Elle fonctionne partout, mais les frais hors zone euro s'additionnent vite.",
        "je préviens la banque de mes dates de voyage pour éviter les blocages.",
        "En Asie, aucun souci de paiement pendant trois semaines.",
        "Ma carte a été bloquée à l'étranger pour suspicion de fraude, en plein voyage.",
        (
            "Je retire une grosse somme plutôt que plusieurs petites, pour les frais fixes.",
            "Pensez à activer l'usage à l'étranger avant de partir.",
            "J'ai aussi une carte d'une banque en ligne sans frais à l'étranger, en secours.",
        ),
    ),
    Topic(
        "la gestion du budget",
        "de la gestion du budget",
        "Je fais mes comptes chaque semaine, ça évite les mauvaises surprises.",
        "je sépare mon argent en trois : charges fixes, dépenses courantes, épargne.",
        "Depuis que je suis mes dépenses, j'épargne deux fois plus.",
        "Sans catégorisation automatique, c'est laborieux de tout suivre.",
        (
            "La méthode des enveloppes marche très bien pour moi.",
            "Un tableur et dix minutes par semaine, c'est tout ce qu'il faut.",
            "Le plus dur c'est de s'y tenir !",
        ),
    ),
    Topic(
        "l'épargne de précaution",
        "de l'épargne de précaution",
        "On conseille souvent trois mois de dépenses, je trouve ça raisonnable.",
        "je la garde sur un livret séparé que je ne regarde jamais.",
        "Elle m'a sauvé quand ma voiture est tombée en panne.",
        "Avec l'inflation, elle fond un peu chaque année.",
        (
            "Trois mois c'est un minimum, six c'est confortable.",
            "Je la laisse sur un livret disponible à tout moment.",
            "L'épargne automatique aidera ceux qui ont du mal à commencer.",
        ),
    ),
    Topic(
        "la sécurité en ligne",
        "de la sécurité en ligne",
        "La validation des paiements dans l'appli est rassurante.",
        "je ne clique jamais sur un lien reçu par SMS, je passe toujours par l'appli.",
        "La banque a bloqué un paiement frauduleux avant même que je m'en rende compte.",
        "Les tentatives de hameçonnage se multiplient, il faut rester vigilant.",
        (
            "Un faux conseiller m'a appelé, heureusement j'avais lu les conseils ici.",
            "Jamais de code par téléphone, c'est la règle d'or.",
            "Voir les appareils connectés serait un vrai plus.",
        ),
    ),
    Topic(
        "les relevés de compte",
        "des relevés de compte",
        "Les relevés en ligne suffisent largement, plus besoin de papier.",
        "je télécharge mes relevés chaque mois dans un dossier sur mon ordinateur.",
        "Les relevés sont clairs et bien présentés.",
        "On ne peut pas remonter assez loin dans l'historique en ligne.",
        (
            "L'export CSV serait un vrai plus pour le suivi.",
            "Je garde mes relevés cinq ans, par précaution.",
            "Passer au zéro papier a été très simple.",
        ),
    ),
    Topic(
        "le parrainage",
        "du parrainage",
        "La prime est correcte, et ça fait plaisir de faire découvrir la banque.",
        "j'envoie mon code en expliquant les avantages concrets, ça convainc mieux.",
        "Mes deux filleuls sont ravis, et la prime est bien arrivée.",
        "La prime est arrivée avec beaucoup de retard.",
        (
            "J'ai parrainé toute ma famille, ils ne regrettent pas.",
            "Ce serait bien que le filleul ait aussi un avantage.",
            "Le suivi des parrainages manque dans l'espace client.",
        ),
    ),
    Topic(
        "la banque en ligne",
        "de la banque en ligne",
        "Pour mon usage quotidien, je n'ai plus besoin d'agence depuis des années.",
        "je garde un contact humain via le Comptoir et la messagerie, ça suffit.",
        "Tout se fait depuis le canapé, c'est un vrai gain de temps.",
        "Pour les gros projets, on se sent parfois un peu seul.",
        (
            "Les conseillers en ligne sont plus disponibles qu'en agence, à mon avis.",
            "Il faut juste être à l'aise avec le numérique.",
            "Le Comptoir, c'est un peu l'agence d'aujourd'hui.",
        ),
    ),
    Topic(
        "les prélèvements",
        "des prélèvements",
        "Ils simplifient la vie, mais il faut surveiller les montants.",
        "je regroupe tous mes prélèvements en début de mois, juste après la paie.",
        "La liste des mandats dans l'espace client m'a permis de faire le ménage.",
        "Un abonnement oublié m'a prélevé pendant six mois sans que je le voie.",
        (
            "Voir les opérations à venir aidera beaucoup, vivement.",
            "Je vérifie chaque mois, ça prend cinq minutes.",
            "La révocation d'un mandat en ligne marche bien.",
        ),
    ),
    Topic(
        "les chèques",
        "des chèques",
        "Je n'en utilise presque plus, seulement pour les cautions.",
        "j'envoie mes chèques groupés une fois par mois avec un seul bordereau.",
        "L'encaissement a été plus rapide que prévu.",
        "Envoyer un chèque par la poste, c'est un peu d'un autre temps.",
        (
            "Le dépôt par photo aurait été bien, dommage qu'il soit refusé.",
            "Un chéquier me dure deux ans.",
            "Les enveloppes prépayées, c'est une bonne solution.",
        ),
    ),
    Topic(
        "l'épargne pour les enfants",
        "de l'épargne pour les enfants",
        "On met un peu de côté chaque mois depuis leur naissance.",
        "les grands-parents versent sur le livret à chaque anniversaire.",
        "Voir le livret de notre fille grandir, c'est motivant.",
        "Ouvrir un livret pour un mineur a demandé beaucoup de papiers.",
        (
            "On a choisi l'assurance-vie pour le long terme.",
            "Un petit virement permanent, et on n'y pense plus.",
            "Une cagnotte pour leurs études, c'est notre objectif.",
        ),
    ),
    Topic(
        "le Labo des idées",
        "du Labo des idées",
        "C'est bien de pouvoir proposer des idées, et de suivre ce qu'elles deviennent.",
        "je lis les idées existantes avant d'en poster une, pour éviter les doublons.",
        "Voir son idée passer « en cours d'étude » quelques jours après l'avoir postée, c'est "
        "motivant.",
        "Certaines idées attendent longtemps avant d'être étudiées.",
        (
            "Le fait que le comité publie ses raisons, même pour un refus, c'est appréciable.",
            "J'ai voté pour la fin des pubs papier, quel plaisir de la voir retenue.",
            "Il faudrait plus de comités, ou plus d'idées par comité.",
        ),
    ),
    Topic(
        "les offres commerciales",
        "des offres commerciales",
        "Certaines sont intéressantes, mais il y en a un peu trop.",
        "je désactive toutes les notifications commerciales et je regarde les offres quand "
        "j'en ai besoin.",
        "L'offre de bienvenue sur le livret était vraiment avantageuse.",
        "Les courriers publicitaires partent directement au recyclage.",
        (
            "L'idée de désactiver la pub papier a été retenue, enfin !",
            "Je préfère les offres par e-mail, au moins c'est moins de papier.",
            "Moins mais mieux ciblé, ce serait l'idéal.",
        ),
    ),
    Topic(
        "la retraite",
        "de la retraite",
        "J'ai commencé à épargner pour ma retraite à 40 ans, j'aurais dû commencer plus tôt.",
        "je verse chaque mois une petite somme sur une assurance-vie dédiée.",
        "La simulation de mon conseiller m'a vraiment ouvert les yeux.",
        "C'est difficile de savoir combien il faudra mettre de côté.",
        (
            "Plus on commence tôt, plus c'est facile, c'est mathématique.",
            "Un outil de simulation en ligne serait bienvenu.",
            "Je diversifie entre plusieurs placements.",
        ),
    ),
    Topic(
        "les voyages",
        "des voyages",
        "Je prépare toujours mon budget vacances plusieurs mois à l'avance.",
        "j'ouvre un livret dédié aux vacances et j'y vire un peu chaque mois.",
        "L'assurance de ma carte a pris en charge mon annulation sans difficulté.",
        "Les frais de change m'ont coûté plus cher que prévu.",
        (
            "Je prends toujours deux cartes différentes en voyage, au cas où.",
            "L'attestation d'assurance s'obtient facilement auprès de l'assureur.",
            "Pensez à noter le numéro d'opposition avant de partir.",
        ),
    ),
)


@dataclass(frozen=True)
class DiscussionPattern:
    """How a customer opens a discussion about a topic; filled with a Topic's fields."""

    title: str
    body: str


DISCUSSION_PATTERNS: tuple[DiscussionPattern, ...] = (
    DiscussionPattern(
        "{Name} : vos retours ?",
        "J'aimerais avoir vos retours sur {name}. {opinion}\n\nEt vous, qu'est-ce qui vous "
        "plaît ou vous manque ?",
    ),
    DiscussionPattern(
        "{Name} : comment vous vous organisez ?",
        "Je me demande comment chacun gère la question {of}. {opinion} J'ai hâte de lire vos "
        "habitudes !",
    ),
    DiscussionPattern(
        "{Name} : votre avis honnête ?",
        "Je lis un peu tout et son contraire au sujet {of}. Mon avis : {opinion} Et vous, "
        "honnêtement ?",
    ),
    DiscussionPattern(
        "Vos astuces : {name}",
        "Partageons nos astuces ! Je commence : {tip}\n\nÀ vous !",
    ),
    DiscussionPattern(
        "Mon retour d'expérience sur {name}",
        "Petit bilan personnel au sujet {of}. {praise} {gripe}\n\nGlobalement positif, "
        "même s'il reste des choses à améliorer.",
    ),
    DiscussionPattern(
        "{Name} : ce que j'aimerais voir évoluer",
        "{gripe} J'ai pensé à poster une idée dans le Labo, mais je voulais d'abord en "
        "discuter ici. Vous en pensez quoi ?",
    ),
    DiscussionPattern(
        "{Name} ici et ailleurs",
        "J'ai aussi un compte dans une autre banque et je compare souvent. {opinion} Vous avez "
        "fait la comparaison ?",
    ),
    DiscussionPattern(
        "Question de débutant sur {name}",
        "Je débute et le sujet {of} me paraît un peu flou. Par quoi commencer ? Des conseils "
        "pour bien démarrer ?",
    ),
    DiscussionPattern(
        "Bonne surprise du côté {of}",
        "Petit message positif pour changer : {praise} Ça mérite d'être dit !",
    ),
    DiscussionPattern(
        "{Name} : un point qui me chiffonne",
        "{gripe} Il n'y a que moi ?",
    ),
    DiscussionPattern(
        "{Name} : on en parle ?",
        "On parle souvent {of} autour de moi, alors j'ouvre la discussion. {opinion}",
    ),
    DiscussionPattern(
        "Petit sondage : {name}",
        "Simple curiosité : {name}, c'est un sujet qui vous occupe souvent ? Pour ma part, {tip}",
    ),
    DiscussionPattern(
        "Ce qui a changé pour moi avec {name}",
        "{praise} Je ne reviendrais pas en arrière. Et vous, ça a changé quelque chose ?",
    ),
    DiscussionPattern(
        "Besoin d'avis sur {name}",
        "J'aimerais avoir vos avis avant de me décider. {opinion} Des retours concrets ?",
    ),
    DiscussionPattern(
        "{Name} : le bon et le moins bon",
        "Le bon : {praise}\nLe moins bon : {gripe}\n\nVous êtes d'accord ?",
    ),
)

# Replies that fit any discussion.
GENERIC_REPLIES: tuple[str, ...] = (
    "Même expérience de mon côté, rien à redire.",
    "Je n'y avais jamais pensé, merci pour l'info !",
    "Entièrement d'accord avec toi.",
    "Mon avis est plus mitigé, mais je comprends ton point de vue.",
    "Merci pour ce partage, c'est utile.",
    "Pareil chez moi, et ça dure depuis un moment.",
    "Bonne idée, je vais essayer.",
    "Tu devrais proposer ça dans le Labo, je voterai !",
    "Je me posais la question justement, merci.",
    "Pour ma part je n'ai jamais eu de souci.",
    "C'est un sujet qui revient souvent, il faudrait que la banque s'en empare.",
    "Je rejoins ce qui a été dit plus haut.",
    "Je confirme, c'est pareil pour moi.",
    "Intéressant, je ne voyais pas les choses comme ça.",
    "Ça dépend vraiment de l'usage de chacun, je pense.",
    "Je suis à la banque depuis cinq ans et ça s'est nettement amélioré.",
    "Merci, je garde l'astuce.",
    "Je partage ton avis à 100 %.",
    "Honnêtement, ça me convient très bien comme ça.",
    "Idem, j'ai eu exactement le même ressenti.",
    "Je ne savais pas, merci de l'avoir signalé.",
    "Quelqu'un a des nouvelles à ce sujet ?",
    "Ça m'est arrivé aussi, les conseillers m'avaient bien aidé.",
    "Je plussoie !",
    "Il y a une idée similaire dans le Labo, allez voter !",
    "De mon côté, j'ai trouvé une autre solution, mais c'est moins pratique.",
    "Très bon résumé, rien à ajouter.",
    "On en parlait justement avec des amis, tout le monde n'est pas d'accord.",
)
# The thread's author, coming back.
AUTHOR_FOLLOW_UPS: tuple[str, ...] = (
    "Merci pour vos réponses, ça m'aide beaucoup !",
    "Merci à tous, je vois que ce n'est pas qu'à moi.",
    "Bonne idée, je vais tester ça.",
    "Merci, je vais proposer l'idée dans le Labo alors.",
    "Merci pour les retours, c'est plus clair maintenant.",
)
# An adviser joining a discussion.
ADVISER_DISCUSSION_REPLIES: tuple[str, ...] = (
    "Merci à tous pour ces retours précieux, je les transmets à l'équipe concernée.",
    "Bonjour à tous ! Si vous souhaitez faire évoluer ce point, proposez-le dans le Labo : "
    "les idées les plus soutenues sont présentées au comité.",
    "Merci pour ce partage. Pour toute question sur votre situation personnelle, n'hésitez "
    "pas à ouvrir une question dans « Questions & support ».",
    "Bonjour, petite précision : le détail des tarifs est toujours disponible dans la "
    "brochure tarifaire, rubrique Documents.",
    "Merci pour vos messages positifs, ça fait plaisir à toute l'équipe !",
    "Bonjour, nous avons bien noté vos remarques. Une évolution sur ce sujet est à l'étude, "
    "nous vous en dirons plus ici dès que possible.",
)


@dataclass(frozen=True)
class Pinned:
    """An adviser's pinned discussion; `after_meeting` dates it after that meeting's
    decisions were published (0: the day the community opened)."""

    title: str
    body: str
    after_meeting: int = 0


PINNED_DISCUSSIONS: tuple[Pinned, ...] = (
    Pinned(
        "Bienvenue au Comptoir ! À lire avant de commencer",
        "Bonjour à toutes et à tous,\n\nBienvenue au Comptoir, l'espace d'échange entre "
        "clients et conseillers de la banque. Ici, vous pouvez poser vos questions (les "
        "conseillers en ligne y répondent du lundi au vendredi), discuter entre clients, et "
        "proposer vos idées dans le Labo.\n\nQuelques conseils : ne publiez jamais vos "
        "coordonnées bancaires ni vos codes, cherchez si votre question a déjà été posée, et "
        "restez courtois.\n\nBonne découverte !",
    ),
    Pinned(
        "La charte de la communauté",
        "Pour que le Comptoir reste agréable et utile à tous, merci de respecter ces quelques "
        "règles :\n\n1. Respect et courtoisie envers les autres membres et les conseillers.\n"
        "2. Aucune donnée personnelle ou bancaire dans les messages publics.\n3. Pas de "
        "publicité ni de démarchage.\n4. Un sujet par fil, dans la bonne rubrique.\n\nLes "
        "conseillers peuvent masquer un message qui ne respecte pas la charte ; son auteur en "
        "est informé.",
    ),
    Pinned(
        "Le Labo : comment vos idées arrivent jusqu'au comité",
        "Vous avez une idée pour améliorer la banque ? Proposez-la dans le Labo !\n\n"
        "Chaque idée est lue par l'équipe expérience client, puis étudiée. Les idées les plus "
        "soutenues par vos votes sont présentées au comité des idées, présidé par la "
        "directrice de la banque de détail, qui les évalue selon quatre critères : bénéfice "
        "client, faisabilité technique, coût et délai de réalisation.\n\nChaque décision est "
        "publiée avec ses raisons, même quand l'idée n'est pas retenue. Vous pouvez suivre "
        "chaque étape sur la page de l'idée.",
    ),
    Pinned(
        "Les décisions du comité, expliquées",
        "Le premier comité des idées s'est réuni ! Vous trouverez sur chaque idée étudiée la "
        "décision et ses raisons : retenue (avec une période de réalisation visée), en attente "
        "(retenue sur le principe mais pas encore planifiée) ou non retenue.\n\nMerci pour vos "
        "votes : ce sont eux qui font monter les idées jusqu'au comité. Prochain comité dans "
        "quelques semaines.",
        after_meeting=1,
    ),
)
WELCOME_REPLIES: tuple[str, ...] = (
    "Merci pour l'accueil !",
    "Bonne initiative, hâte de voir ce que ça donne.",
    "Enfin un espace pour échanger avec la banque, bravo.",
    "Merci pour ces explications claires.",
    "Super, j'ai déjà proposé une idée dans le Labo !",
    "Bonjour à tous, au plaisir d'échanger ici.",
    "Très bonne idée ce Comptoir.",
    "Merci, c'est transparent, ça change.",
)

# Replies that quote a committee decision only make sense once it was published: the number
# of the meeting whose decisions they mention.
AFTER_MEETING: dict[str, int] = {
    "Vivement le virement instantané, il a été retenu dans le Labo !": 3,
    "Il a été retenu par le comité, ça devrait arriver avec les nouvelles cartes.": 2,
    "Je préfère pouvoir le couper, donc l'option dans l'appli sera bienvenue.": 2,
    "Le dépôt par photo aurait été bien, dommage qu'il soit refusé.": 1,
    "Le fait que le comité publie ses raisons, même pour un refus, c'est appréciable.": 1,
    "J'ai voté pour la fin des pubs papier, quel plaisir de la voir retenue.": 3,
    "L'idée de désactiver la pub papier a été retenue, enfin !": 3,
    "L'épargne automatique aidera ceux qui ont du mal à commencer.": 3,
    "Voir les opérations à venir aidera beaucoup, vivement.": 2,
}

# --- Le Labo: comments on ideas -----------------------------------------------------------

# Customers commenting on an idea that is still open (submitted, under review, shortlisted).
LABO_COMMENTS: tuple[str, ...] = (
    "Je vote pour, ce serait vraiment pratique au quotidien.",
    "Excellente idée, étonnant que ça n'existe pas déjà.",
    "+1, c'est ce qui me manque le plus aujourd'hui.",
    "Bonne idée, à condition que ce soit une option : tout le monde n'en voudra pas.",
    "Mon ancienne banque le proposait, et ça me manque depuis que je suis ici.",
    "Je soutiens ! Et si possible dans l'appli mobile aussi, pas seulement sur le site.",
    "Pas sûr que ce soit la priorité, mais pourquoi pas.",
    "Ça éviterait pas mal d'appels au service client, je pense.",
    "Idée simple et utile, j'ai voté.",
    "Je me demande combien ça coûterait à mettre en place, mais l'idée est bonne.",
    "Tout à fait d'accord, c'est un vrai manque.",
    "Voté ! J'en parlais justement avec mon conseiller la semaine dernière.",
    "Ce serait un vrai plus pour ceux qui gèrent tout à distance, comme moi.",
    "C'est exactement ce que j'attendais, merci de l'avoir proposé.",
    "Bonne idée, tant que ça reste gratuit.",
    "J'ai voté, en espérant que ça passe en comité.",
    "Pourquoi pas, mais il y a peut-être plus urgent dans le Labo.",
    "Indispensable à mon avis, surtout pour les jeunes clients.",
)
# After a published decision, by outcome (RETAINED also covers the work that follows).
LABO_COMMENTS_DECIDED: dict[str, tuple[str, ...]] = {
    "RETAINED": (
        "Merci au comité de l'avoir retenue : la preuve que nos votes servent à quelque chose !",
        "Super nouvelle, vivement que ce soit disponible.",
        "Quelle bonne nouvelle, on attend la date avec impatience.",
        "Enfin ! Merci d'avoir écouté les clients.",
    ),
    "DEFERRED": (
        "Dommage que ce soit en attente, mais au moins on sait pourquoi.",
        "Je comprends les raisons, j'espère que ça reviendra vite au comité.",
        "Je continue à voter pour, pour que ça remonte au prochain comité.",
    ),
    "REJECTED": (
        "Un peu décevant, mais merci d'avoir expliqué la décision.",
        "Dommage, mais les raisons sont claires.",
        "Je comprends, même si j'aurais aimé une autre réponse.",
    ),
    "DELIVERED": (
        "Testé ce matin, ça marche très bien. Merci !",
        "Disponible chez moi aussi, c'est exactement ce qu'on demandait.",
    ),
}
# The idea's author, thanking the supporters.
LABO_AUTHOR_THANKS: tuple[str, ...] = (
    "Merci à tous pour vos votes et vos commentaires !",
    "Merci pour votre soutien, je ne pensais pas que l'idée plairait autant.",
    "Merci pour vos retours, ils complètent bien ma proposition.",
)
# An adviser's official word in an idea's discussion, after its latest step (by status).
LABO_ADVISER_ANSWERS: dict[str, str] = {
    "UNDER_REVIEW": "Merci pour cette idée et pour vos commentaires : l'équipe expérience client "
    "l'étudie avec les équipes concernées. Nous vous tiendrons informés ici.",
    "SHORTLISTED": "Bonne nouvelle : cette idée est présentée au comité des idées, qui publiera "
    "ici sa décision et ses raisons.",
    "RETAINED": "Le comité a retenu cette idée : sa décision et la période visée sont en haut "
    "de la page. Merci à tous pour vos votes !",
    "DEFERRED": "Le comité a mis cette idée en attente ; ses raisons sont publiées en haut de la "
    "page. Elle reviendra devant le comité dès que la feuille de route le permettra.",
    "REJECTED": "Le comité n'a pas retenu cette idée ; ses raisons sont publiées en haut de la "
    "page. Merci à tous d'en avoir débattu ici.",
    "IN_PROGRESS": "Les travaux ont commencé : nous posterons ici les nouvelles au fil de l'eau.",
    "DELIVERED": "C'est en ligne ! Dites-nous ici ce que vous en pensez.",
}
# demo-client, on the idea whose decision the chair has not published yet.
DEMO_LABO_COMMENT = (
    "J'ai voté dès le début : hâte de connaître la décision du comité ! Merci à l'équipe de "
    "l'avoir présentée."
)

# --- Moderation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reported:
    """A reply in a discussion that customers reported to the advisers, and what became of
    it: HIDDEN (an adviser hid it, which resolved the reports), DISMISSED (an adviser read
    the report and left the reply) or OPEN (still in the moderation queue)."""

    body: str
    reason: str  # a FlagReason
    reports: tuple[str, ...]  # what each reporter wrote
    outcome: str
    # How many days before now it was posted (the queue holds the recent ones).
    days_ago: tuple[float, float]
    hidden_reason: str = ""


REPORTED_POSTS: tuple[Reported, ...] = (
    Reported(
        "Besoin d'argent rapidement ? Prêt entre particuliers sans justificatif, réponse en "
        "24 h ! Écrivez-moi à pret-express@example.test, discrétion assurée.",
        "SPAM",
        (
            "Publicité pour un prêt entre particuliers, sûrement une arnaque.",
            "Spam, et ça ressemble à une escroquerie.",
        ),
        "HIDDEN",
        (12, 20),
        hidden_reason="Démarchage interdit par la charte de la communauté (point 3). Ne "
        "répondez jamais à ce type d'offre : la banque ne vous demandera jamais vos codes.",
    ),
    Reported(
        "Je trouve les frais de la concurrence franchement abusifs, ici au moins c'est clair "
        "et on ne se fait pas avoir.",
        "ABUSE",
        ("Message agressif envers les autres banques.",),
        "DISMISSED",
        (25, 35),
    ),
    Reported(
        "Si quelqu'un a eu le même souci, appelez-moi au 06 12 34 56 78, on comparera nos relevés.",
        "PERSONAL_DATA",
        ("Ce membre a publié son numéro de téléphone, il faudrait le masquer pour le protéger.",),
        "OPEN",
        (1, 3),
    ),
    Reported(
        "Franchement, il faut ne rien comprendre pour poser ce genre de question.",
        "ABUSE",
        ("Ton méprisant envers l'auteur du fil.", "Pas très sympa, ce n'est pas l'esprit ici."),
        "OPEN",
        (0.5, 2),
    ),
    Reported(
        "Je vends ma voiture, une citadine de 2012 en très bon état, si ça intéresse quelqu'un "
        "me contacter.",
        "OFF_TOPIC",
        ("Aucun rapport avec le sujet, ni avec la banque.",),
        "OPEN",
        (2, 4),
    ),
)
# A customer reporting a recent idea as a likely duplicate (the advisers merge them).
REPORTED_SUGGESTION = (
    "OTHER",
    "On dirait la même idée qu'une autre déjà proposée dans le Labo : à fusionner ?",
)
